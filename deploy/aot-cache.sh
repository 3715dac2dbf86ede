#!/bin/sh
# Prepares one service jar for fast start-up with a JDK 25 ahead-of-time cache (JEP 483/514/515):
# unpacks the Spring Boot jar into a plain class path (a cache can only hold classes loaded from
# plain jars), then runs the service once until its Spring context is refreshed and lets the JVM
# write the classes it loaded, linked, plus method profiles, into <out-dir>/app.aot.
#
#   aot-cache.sh <service.jar> <out-dir> [JVM options...]
#
# Start the service afterwards with the SAME JVM options (garbage collector, object headers) and
#   java [JVM options...] -XX:AOTCache=<out-dir>/app.aot -jar <out-dir>/<service>.jar
# A cache that does not match the JVM or its options is ignored with a warning (or refused with
# -XX:AOTMode=on), so a stale cache costs start-up time, never correctness.
#
# The training run binds an ephemeral port (PORT=0) and keeps its data in a temporary directory
# that is deleted afterwards; it needs no other service of the suite.
set -eu
[ $# -ge 2 ] || { echo "usage: aot-cache.sh <service.jar> <out-dir> [JVM options...]" >&2; exit 64; }
jar="$1"
out="$2"
shift 2
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -f "$jar" ] || { echo "aot-cache.sh: no such jar: $jar" >&2; exit 66; }

rm -rf "$out"
mkdir -p "$out"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$out" >/dev/null
app="$out/$(basename "$jar")"
[ -f "$app" ] || { echo "aot-cache.sh: extraction did not produce $app" >&2; exit 70; }

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
# Traffic, scraping and exporters stay off: the training run only has to load and link the classes
# a start-up needs. spring.context.exit=onRefresh ends the JVM once the context is up.
env PORT=0 DATA_DIR="$data" CONFIG_FILE= SIM_TRAFFIC_ENABLED=false \
    "$java" "$@" -XX:AOTCacheOutput="$out/app.aot" -Dspring.context.exit=onRefresh \
    -jar "$app" >"$out/training.log" 2>&1 || {
  echo "aot-cache.sh: training run of $jar failed; last lines of $out/training.log:" >&2
  tail -20 "$out/training.log" >&2
  exit 70
}
[ -s "$out/app.aot" ] || { echo "aot-cache.sh: the JVM wrote no cache; see $out/training.log" >&2; exit 70; }
echo "$out/app.aot"
