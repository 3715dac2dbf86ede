#!/usr/bin/env bash
# Side-by-side for log-store (issue 13): the corpus LogStoreBench wrote (raw.log, raw.tsv in DIR)
# through zstd, lz4 and grep (the ceilings) and Debian's ClickHouse (clickhouse-server, MergeTree,
# zstd compression) for insert rate, compression and LIKE scans, on one core (max_threads=1).
# Usage: benchmarks/log-store-side-by-side.sh DIR   (run LogStoreBench DIR first). Not run in CI.
set -euo pipefail
DIR=$(cd "$1" && pwd)
RAW="$DIR/raw.log"
NEEDLE=needle-7f3a9c
rawbytes=$(stat -c %s "$RAW")
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
cat "$RAW" > /dev/null  # warm the page cache, as for the warm numbers of LogStoreBench

z=$(zstd -3 -T1 -c "$RAW" | wc -c); zt=$(secs zstd -3 -T1 -q -c "$RAW")
l=$(lz4 -1 -c "$RAW" | wc -c); lt=$(secs lz4 -1 -q -c "$RAW")
# ten runs under one timer: one grep takes less than the timer's 10 ms resolution
gt=$( { /usr/bin/time -f '%U %S' bash -c "for i in 1 2 3 4 5 6 7 8 9 10; do grep -c '$NEEDLE' '$RAW'; done" > /dev/null; } 2>&1 | awk '{print ($1 + $2) / 10}')
printf 'zstd -3: %.4f B per raw B, %.1f MB/s\n' "$(echo "$z / $rawbytes" | bc -l)" "$(echo "$rawbytes / 1000000 / $zt" | bc -l)"
printf 'lz4 -1:  %.4f B per raw B, %.1f MB/s\n' "$(echo "$l / $rawbytes" | bc -l)" "$(echo "$rawbytes / 1000000 / $lt" | bc -l)"
printf 'grep -c needle (whole file): %.3f s CPU, %.2f GB/s\n' "$gt" "$(echo "$rawbytes / 1000000000 / $gt" | bc -l)"

command -v clickhouse-server > /dev/null || { echo "clickhouse-server not installed (apt-get install clickhouse-server clickhouse-client)"; exit 0; }
CH="$DIR/clickhouse"; rm -rf "$CH"; mkdir -p "$CH"/{data,tmp,log}
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
TCP=$(port); HTTP=$(port)
cat > "$CH/config.xml" <<XML
<yandex>
  <logger><level>warning</level><log>$CH/log/server.log</log><errorlog>$CH/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>$TCP</tcp_port>
  <http_port>$HTTP</http_port>
  <path>$CH/data/</path>
  <tmp_path>$CH/tmp/</tmp_path>
  <users_config>/etc/clickhouse-server/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>1073741824</mark_cache_size>
  <compression><case><method>zstd</method><level>3</level></case></compression>
</yandex>
XML
clickhouse-server --config-file="$CH/config.xml" > "$CH/log/stdout.log" 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true; wait $SRV 2>/dev/null || true' EXIT
q() { clickhouse-client --port "$TCP" "$@"; }
for i in $(seq 1 60); do q --query "SELECT 1" > /dev/null 2>&1 && break; sleep 1; done
q --query "CREATE TABLE logs (ts UInt64, app String, env String, level String, line String) ENGINE = MergeTree ORDER BY (app, env, level, ts)"
cpu() { awk '{print $14 + $15}' "/proc/$SRV/stat"; }
hz=$(getconf CLK_TCK)
c0=$(cpu); s=$(date +%s.%N)
/usr/bin/time -f '%U %S' -o "$CH/client.time" clickhouse-client --port "$TCP" --max_insert_threads=1 --query "INSERT INTO logs FORMAT TabSeparated" < "$DIR/raw.tsv" 2>/dev/null \
  || /usr/bin/time -f '%U %S' -o "$CH/client.time" clickhouse-client --port "$TCP" --query "INSERT INTO logs FORMAT TabSeparated" < "$DIR/raw.tsv"
e=$(date +%s.%N); c1=$(cpu)
client=$(awk '{print $1 + $2}' "$CH/client.time")
server=$(echo "($c1 - $c0) / $hz" | bc -l)
printf 'clickhouse insert: %.1f MB raw in %.2f s wall, %.2f s CPU (server %.2f + client %.2f): %.1f MB/s per core\n' \
  "$(echo "$rawbytes / 1000000" | bc -l)" "$(echo "$e - $s" | bc -l)" "$(echo "$server + $client" | bc -l)" "$server" "$client" \
  "$(echo "$rawbytes / 1000000 / ($server + $client)" | bc -l)"
q --query "OPTIMIZE TABLE logs FINAL"
bytes=$(q --query "SELECT sum(bytes) FROM system.parts WHERE table = 'logs' AND active")
printf 'clickhouse on disk (parts, zstd -3): %.4f B per raw B\n' "$(echo "$bytes / $rawbytes" | bc -l)"
gw=$(q --query "SELECT sum(length(line)) FROM logs WHERE app = 'gateway'")
for sql in "SELECT count() FROM logs WHERE app = 'gateway' AND line LIKE '%$NEEDLE%'" \
           "SELECT count() FROM logs WHERE app = 'gateway' AND positionCaseInsensitive(line, 'NEEDLE-7F3A9C') > 0" \
           "SELECT count() FROM logs WHERE app = 'gateway' AND positionCaseInsensitive(line, 'UPSTREAMERROR: UPSTREAM RETURNED') > 0" \
           "SELECT count() FROM logs WHERE app = 'gateway'" \
           "SELECT sum(length(line)) FROM logs WHERE app = 'gateway'" \
           "SELECT count() FROM logs WHERE app = 'gateway' AND visitParamExtractUInt(line, 'status') >= 500"; do
  best=999; bestcpu=999
  for i in 1 2 3 4 5; do
    c0=$(cpu)
    t=$( { q --max_threads=1 --time --query "$sql" > "$CH/answer" ; } 2>&1 | tail -1)
    c=$(echo "($(cpu) - $c0) / $hz" | bc -l)
    best=$(echo "if ($t < $best) $t else $best" | bc -l)
    bestcpu=$(echo "if ($c < $bestcpu) $c else $bestcpu" | bc -l)
  done
  # server CPU seconds (clock ticks of the server process): comparable with LogStoreBench's CPU times on a shared machine
  printf 'clickhouse %-95s = %s: warm %.3f s CPU (%.2f GB/s raw per core), %.3f s elapsed\n' "$sql" "$(cat "$CH/answer")" "$bestcpu" \
    "$(echo "$gw / 1000000000 / $bestcpu" | bc -l)" "$best"
done
