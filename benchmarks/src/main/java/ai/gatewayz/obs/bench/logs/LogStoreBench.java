package ai.gatewayz.obs.bench.logs;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.ingest.IngestLimits;
import ai.gatewayz.obs.logs.ingest.PushReceiver;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.disk.DiskLogStorage;
import ai.gatewayz.obs.logs.storage.disk.DiskStorageOptions;
import ai.gatewayz.obs.logs.storage.disk.DiskTenantLogStorages;
import ai.gatewayz.obs.proto.loki.LokiPush;
import com.google.protobuf.Timestamp;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.xerial.snappy.Snappy;

/**
 * log-store engine on one thread over a generated GatewayZ corpus (JSON request logs with trace
 * ids, logfmt lines, multi-line stack traces; 30 streams over 24 h, one needle every ~100k lines):
 * ingest through the push receiver (validation, limits, discovery, WAL, head) as JSON and as
 * snappy protobuf, in MB of raw log per CPU second of the whole process; bytes on disk per raw byte after flush and
 * compaction (index, filters and WAL included); warm and cold scan speed of a needle query, a
 * case-insensitive regex needle (no skip filter) and a {@code | json | status >= 500} metric
 * query in raw GB per second. Writes the corpus as {@code raw.log} and {@code raw.tsv} (for
 * {@code log-store-side-by-side.sh}: zstd, lz4, grep, ClickHouse). Not run in CI.
 * Usage: {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.logs.LogStoreBench <dir> [rawMB]}.
 */
public final class LogStoreBench {
    static final String NEEDLE = "needle-7f3a9c";
    private static final String[] APPS = {"gateway", "router", "billing", "auth", "worker"};
    private static final String[] LEVELS = {"info", "warn", "error"};
    private static final String[] ENVS = {"prod", "staging"};
    private static final String[] PROVIDERS = {"openai", "anthropic", "google", "mistral", "groq", "together", "fireworks"};
    private static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "gemini-1.5-pro", "mixtral-8x7b", "llama-3-70b"};
    private static final String[] ROUTES = {"/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/health"};

    /** Runs only the queries containing this text ({@code --only}), for profiling one of them. */
    private static String only = "";

    private LogStoreBench() {
    }

    record Entry(int stream, long ts, String line) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean queriesOnly = List.of(args).contains("--queries-only");
        int repeat = 3;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[i + 1]);
            }
            if (args[i].equals("--only")) {
                only = args[i + 1];
            }
        }
        Path props = dir.resolve("bench.properties");
        if (queriesOnly) {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newInputStream(props)) {
                p.load(in);
            }
            queries(dir.resolve("store"), Long.parseLong(p.getProperty("end")), Long.parseLong(p.getProperty("gatewayRaw")), repeat);
            return;
        }
        long rawTarget = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
        Files.createDirectories(dir);
        long end = System.currentTimeMillis() / 1000 * 1_000_000_000L;
        long start = end - Duration.ofHours(24).toNanos();
        List<Labels> streams = new ArrayList<>();
        for (String app : APPS) {
            for (String level : LEVELS) {
                for (String env : ENVS) {
                    streams.add(Labels.of("app", app, "env", env, "level", level));
                }
            }
        }
        List<Entry> corpus = generate(streams, start, end, rawTarget, new Random(11));
        long raw = 0;
        long gatewayRaw = 0;
        int needles = 0;
        try (BufferedWriter log = Files.newBufferedWriter(dir.resolve("raw.log"), StandardCharsets.UTF_8);
                BufferedWriter tsv = Files.newBufferedWriter(dir.resolve("raw.tsv"), StandardCharsets.UTF_8)) {
            for (Entry e : corpus) {
                int bytes = e.line.getBytes(StandardCharsets.UTF_8).length;
                raw += bytes;
                Labels l = streams.get(e.stream);
                if (l.get("app").equals("gateway")) {
                    gatewayRaw += bytes;
                    if (e.line.contains(NEEDLE)) {
                        needles++;
                    }
                }
                log.write(e.line.replace("\n", "\\n"));
                log.write('\n');
                tsv.write(e.ts + "\t" + l.get("app") + "\t" + l.get("env") + "\t" + l.get("level") + "\t"
                        + e.line.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") + "\n");
            }
        }
        System.out.printf(Locale.ROOT, "corpus: %d lines, %.1f MB raw, %d streams, gateway %.1f MB, %d needles%n", corpus.size(),
                raw / 1e6, streams.size(), gatewayRaw / 1e6, needles);
        Files.writeString(props, "end=" + end + "\ngatewayRaw=" + gatewayRaw + "\nraw=" + raw + "\n");

        List<byte[]> json = new ArrayList<>();
        List<byte[]> proto = new ArrayList<>();
        encode(corpus, streams, json, proto);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        IngestLimits unlimited = IngestLimits.defaults().withRate(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
        IngestLimits limits = new IngestLimits(unlimited.maxLabelNames(), unlimited.maxLabelNameLength(), unlimited.maxLabelValueLength(),
                unlimited.maxLineSize(), unlimited.rejectOldSamples(), unlimited.rejectOldSamplesMaxAge(), unlimited.creationGracePeriod(),
                Duration.ofDays(2), unlimited.maxStructuredMetadataSize(), unlimited.maxStructuredMetadataEntries(),
                unlimited.ingestionRateBytes(), unlimited.ingestionBurstBytes(), Long.MAX_VALUE / 4, Long.MAX_VALUE / 4,
                unlimited.maxActiveStreams(), true, true);
        Path storeDir = dir.resolve("store");
        deleteTree(storeDir);
        DiskStorageOptions opts = DiskStorageOptions.defaults();
        try (DiskTenantLogStorages storages = new DiskTenantLogStorages(storeDir, t -> opts, Clock.systemUTC())) {
            PushReceiver receiver = new PushReceiver(storages, t -> limits, Clock.systemUTC(), 512L << 20);
            for (String[] run : new String[][] {{"json", "application/json"}, {"protobuf", "application/x-protobuf"}}) {
                List<byte[]> bodies = run[0].equals("json") ? json : proto;
                String tenant = run[0];
                System.gc();
                long cpu0 = processCpu();
                long w0 = System.nanoTime();
                for (byte[] b : bodies) {
                    receiver.push(tenant, run[1], null, b, false);
                }
                double cpu = (processCpu() - cpu0) / 1e9; // every thread of the process (GC, JIT included), not only the pushing one
                double wall = (System.nanoTime() - w0) / 1e9;
                System.out.printf(Locale.ROOT, "ingest %-8s: %.1f MB raw in %.2f s CPU (%.2f s wall): %.1f MB/s per core%n", run[0],
                        raw / 1e6, cpu, wall, raw / 1e6 / cpu);
            }
            DiskLogStorage s = storages.forTenant("json");
            long f0 = System.nanoTime();
            s.flush();
            s.compact();
            System.out.printf(Locale.ROOT, "flush+compact: %.2f s, %d blocks%n", (System.nanoTime() - f0) / 1e9, s.blockCount());
        }
        long onDisk = treeSize(storeDir.resolve("json"));
        long blocks = treeSize(storeDir.resolve("json").resolve("blocks"));
        System.out.printf(Locale.ROOT, "on disk (json tenant, all files): %.1f MB = %.4f B per raw B (blocks %.4f)%n", onDisk / 1e6,
                (double) onDisk / raw, (double) blocks / raw);

        corpus.clear();
        json.clear();
        proto.clear();
        queries(storeDir, end, gatewayRaw, repeat);
    }

    /**
     * Warm and cold CPU time of the queries over {@code {app="gateway"}}: a needle the trigram filter
     * finds in few chunks, the same needle case-insensitively (skipped by the same filter, every case
     * variant tried), a case-insensitive phrase present in every chunk (a full scan), a count and a
     * byte sum of every line (decode alone), and the JSON status query; and, as the ceiling of any
     * full scan, zstd decompression alone of the same chunks.
     */
    static void queries(Path storeDir, long end, long gatewayRaw, int repeat) throws IOException {
        decompressCeiling(storeDir.resolve("json"), gatewayRaw, repeat);
        DiskStorageOptions opts = DiskStorageOptions.defaults();
        String needleQ = "sum(count_over_time({app=\"gateway\"} |= \"" + NEEDLE + "\" [24h]))";
        String regexQ = "sum(count_over_time({app=\"gateway\"} |~ \"(?i)" + NEEDLE.toUpperCase(Locale.ROOT) + "\" [24h]))";
        String phraseQ = "sum(count_over_time({app=\"gateway\"} |~ \"(?i)UPSTREAMERROR: UPSTREAM RETURNED\" [24h]))";
        String countQ = "sum(count_over_time({app=\"gateway\"} [24h]))";
        String bytesQ = "sum(bytes_over_time({app=\"gateway\"} [24h]))";
        // logfmt lines and stack traces are not JSON: Loki fails such a query unless the errors are filtered
        String jsonQ = "sum(count_over_time({app=\"gateway\"} | json | __error__=\"\" | status >= 500 [24h]))";
        LogqlEngine engine = new LogqlEngine();
        for (String q : List.of(needleQ, regexQ, phraseQ, countQ, bytesQ, jsonQ)) {
            if (!q.contains(only)) {
                continue;
            }
            // cold: a freshly opened storage (blocks just mapped, nothing decoded yet); the OS page cache stays warm
            try (DiskLogStorage s = DiskLogStorage.open("json", storeDir.resolve("json"), opts, Clock.systemUTC())) {
                double cold = time(engine, s, q, end);
                double warm = Double.MAX_VALUE;
                double warmWall = Double.MAX_VALUE;
                double value = 0;
                for (int i = 0; i < repeat; i++) {
                    warm = Math.min(warm, time(engine, s, q, end));
                    warmWall = Math.min(warmWall, wall(engine, s, q, end));
                }
                long read0 = s.chunksRead();
                value = value(engine, s, q, end);
                long read = s.chunksRead() - read0;
                System.out.printf(Locale.ROOT, "query %-70s = %.0f: cold %.3f s CPU (%.2f GB/s), warm %.3f s CPU (%.2f GB/s raw per core),"
                        + " warm wall %.3f s on %d cores, chunks read %d of %d%n",
                        q.length() > 70 ? q.substring(0, 67) + "..." : q, value, cold, gatewayRaw / 1e9 / cold, warm, gatewayRaw / 1e9 / warm,
                        warmWall, Runtime.getRuntime().availableProcessors(), read, s.chunkCount());
            }
        }
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU seconds of the whole process (every scanning thread, and JIT and GC too) for one query: the
     * byte path scans a query's parts on all cores, so one thread's time would undercount it.
     */
    private static double time(LogqlEngine engine, DiskLogStorage s, String q, long end) {
        long c0 = processCpu();
        value(engine, s, q, end);
        return (processCpu() - c0) / 1e9;
    }

    /**
     * The ceiling of a full scan: zstd decompression alone of the {@code app="gateway"} chunks, read
     * from the block files as docs/formats/log-block.md lays them out, into one reused buffer.
     */
    static void decompressCeiling(Path tenantDir, long gatewayRaw, int repeat) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        List<Integer> rawLens = new ArrayList<>();
        try (Stream<Path> files = Files.list(tenantDir.resolve("blocks"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".blk")).toList()) {
                byte[] all = Files.readAllBytes(f);
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(all);
                long idxOff = bb.getLong(all.length - 20);
                int[] pos = {(int) idxOff};
                long streams = uvarint(all, pos);
                for (long st = 0; st < streams; st++) {
                    long pairs = uvarint(all, pos);
                    boolean gateway = false;
                    for (long k = 0; k < pairs; k++) {
                        String name = string(all, pos);
                        String value = string(all, pos);
                        gateway |= name.equals("app") && value.equals("gateway");
                    }
                    long chunks = uvarint(all, pos);
                    for (long c = 0; c < chunks; c++) {
                        uvarint(all, pos);
                        uvarint(all, pos);
                        int off = (int) uvarint(all, pos);
                        int len = (int) uvarint(all, pos);
                        uvarint(all, pos);
                        uvarint(all, pos);
                        int words = (int) uvarint(all, pos);
                        pos[0] += 8 * words;
                        if (gateway) {
                            int[] p = {off + 5};
                            rawLens.add((int) uvarint(all, p));
                            frames.add(java.util.Arrays.copyOfRange(all, p[0], off + len));
                        }
                    }
                }
            }
        }
        byte[] out = new byte[rawLens.stream().mapToInt(Integer::intValue).max().orElse(0)];
        double best = Double.MAX_VALUE;
        try (com.github.luben.zstd.ZstdDecompressCtx ctx = new com.github.luben.zstd.ZstdDecompressCtx()) {
            for (int r = 0; r < repeat + 1; r++) {
                long c0 = processCpu();
                for (int i = 0; i < frames.size(); i++) {
                    byte[] fr = frames.get(i);
                    ctx.decompressByteArray(out, 0, rawLens.get(i), fr, 0, fr.length);
                }
                best = Math.min(best, (processCpu() - c0) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "ceiling: zstd decompression alone of the %d gateway chunks: %.3f s CPU (%.2f GB/s raw per core)%n",
                frames.size(), best, gatewayRaw / 1e9 / best);
    }

    private static long uvarint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private static String string(byte[] b, int[] pos) {
        int n = (int) uvarint(b, pos);
        String s = new String(b, pos[0], n, StandardCharsets.UTF_8);
        pos[0] += n;
        return s;
    }

    /** Wall seconds of one query (meaningful only on an otherwise idle machine). */
    private static double wall(LogqlEngine engine, DiskLogStorage s, String q, long end) {
        long w0 = System.nanoTime();
        value(engine, s, q, end);
        return (System.nanoTime() - w0) / 1e9;
    }

    private static double value(LogqlEngine engine, DiskLogStorage s, String q, long end) {
        try (LogQuerier querier = s.querier()) {
            LogqlResult r = engine.evaluate(querier, new LogqlRequest(q, end, end, 0, Direction.BACKWARD, 100));
            LogqlResult.Vector v = (LogqlResult.Vector) r;
            return v.samples().isEmpty() ? 0 : v.samples().get(0).value();
        }
    }

    static List<Entry> generate(List<Labels> streams, long start, long end, long rawTarget, Random r) {
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        long n = 0;
        // Spread evenly over the day; the count is not known in advance, so estimate from the mean line size (~260 B).
        long expected = rawTarget / 260;
        long stepNs = Math.max(1, (end - start) / Math.max(1, expected));
        long t = start;
        while (bytes < rawTarget) {
            int s = r.nextInt(streams.size());
            String level = streams.get(s).get("level");
            String trace = hex(r, 32);
            String line;
            int kind = r.nextInt(10);
            if (kind < 6) {
                int status = level.equals("error") ? (r.nextInt(4) == 0 ? 429 : 500 + r.nextInt(4)) : level.equals("warn") ? 400 + r.nextInt(30) : 200;
                line = "{\"ts\":\"" + t + "\",\"level\":\"" + level + "\",\"msg\":\"request completed\",\"method\":\"POST\",\"route\":\""
                        + ROUTES[r.nextInt(ROUTES.length)] + "\",\"status\":" + status + ",\"latency_ms\":" + (5 + r.nextInt(4000))
                        + ",\"provider\":\"" + PROVIDERS[r.nextInt(PROVIDERS.length)] + "\",\"model\":\"" + MODELS[r.nextInt(MODELS.length)]
                        + "\",\"prompt_tokens\":" + r.nextInt(8000) + ",\"completion_tokens\":" + r.nextInt(2000) + ",\"user_id\":\"u"
                        + r.nextInt(50_000) + "\",\"trace_id\":\"" + trace + "\",\"span_id\":\"" + hex(r, 16) + "\"}";
            } else if (kind < 9) {
                line = "time=" + t + " level=" + level + " component=" + (r.nextBoolean() ? "pool" : "cache") + " msg=\""
                        + (r.nextBoolean() ? "connection reused" : "cache lookup") + "\" provider=" + PROVIDERS[r.nextInt(PROVIDERS.length)]
                        + " duration=" + r.nextInt(900) + "ms hits=" + r.nextInt(100) + " trace_id=" + trace;
            } else {
                line = "Traceback (most recent call last):\n  File \"/app/src/routes/chat.py\", line " + (100 + r.nextInt(400))
                        + ", in chat_completions\n    response = await provider.complete(request)\n  File \"/app/src/providers/"
                        + PROVIDERS[r.nextInt(PROVIDERS.length)] + ".py\", line " + r.nextInt(300) + ", in complete\n    raise UpstreamError(status="
                        + (500 + r.nextInt(4)) + ")\nUpstreamError: upstream returned an error trace_id=" + trace;
            }
            if (n % 100_003 == 50_000) {
                line = line + " " + NEEDLE;
                s = r.nextInt(LEVELS.length * ENVS.length); // a gateway stream
            }
            out.add(new Entry(s, t, line));
            bytes += line.length();
            t = Math.min(end - 1, t + stepNs);
            n++;
        }
        return out;
    }

    static void encode(List<Entry> corpus, List<Labels> streams, List<byte[]> json, List<byte[]> proto) throws IOException {
        int batch = 2000;
        for (int i = 0; i < corpus.size(); i += batch) {
            List<Entry> part = corpus.subList(i, Math.min(corpus.size(), i + batch));
            StringBuilder j = new StringBuilder("{\"streams\":[");
            LokiPush.PushRequest.Builder p = LokiPush.PushRequest.newBuilder();
            boolean first = true;
            for (int s = 0; s < streams.size(); s++) {
                LokiPush.StreamAdapter.Builder ps = null;
                StringBuilder js = null;
                for (Entry e : part) {
                    if (e.stream != s) {
                        continue;
                    }
                    if (ps == null) {
                        Labels l = streams.get(s);
                        ps = LokiPush.StreamAdapter.newBuilder().setLabels("{app=\"" + l.get("app") + "\", env=\"" + l.get("env") + "\", level=\""
                                + l.get("level") + "\"}");
                        js = new StringBuilder("{\"stream\":{\"app\":\"" + l.get("app") + "\",\"env\":\"" + l.get("env") + "\",\"level\":\""
                                + l.get("level") + "\"},\"values\":[");
                    } else {
                        js.append(',');
                    }
                    ps.addEntries(LokiPush.EntryAdapter.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(e.ts / 1_000_000_000L)
                            .setNanos((int) (e.ts % 1_000_000_000L))).setLine(e.line));
                    js.append("[\"").append(e.ts).append("\",\"");
                    escape(js, e.line);
                    js.append("\"]");
                }
                if (ps != null) {
                    p.addStreams(ps);
                    if (!first) {
                        j.append(',');
                    }
                    first = false;
                    j.append(js).append("]}");
                }
            }
            j.append("]}");
            json.add(j.toString().getBytes(StandardCharsets.UTF_8));
            proto.add(Snappy.compress(p.build().toByteArray()));
        }
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
    }

    private static String hex(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }

    static long treeSize(Path p) throws IOException {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
