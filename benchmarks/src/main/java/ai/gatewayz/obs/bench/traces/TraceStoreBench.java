package ai.gatewayz.obs.bench.traces;

import ai.gatewayz.obs.traces.disk.DiskOptions;
import ai.gatewayz.obs.traces.disk.DiskTraceStorage;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.otlp.TenantLimits;
import ai.gatewayz.obs.traces.search.SearchRequest;
import ai.gatewayz.obs.traces.search.TraceSearch;
import ai.gatewayz.obs.traces.traceql.MetricsQuery;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * trace-store engine on one thread: pre-encoded OTLP protobuf exports of 10-span gateway traces
 * decoded, validated and appended through the WAL (spans/s, CPU-seconds per 1k spans); bytes per
 * span on disk after cut and compaction; trace-by-id p50/p99; one TraceQL search and three TraceQL
 * metrics queries over the whole span of data (traces spread evenly over {@code hours}, default 24).
 * Traces are cut to blocks every 1,000 (as the server's idle cut does) and then compacted per hour window. Not run
 * in CI. Usage: {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.traces.TraceStoreBench [traces] [hours] [light|heavy]}.
 */
public final class TraceStoreBench {
    private TraceStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int traces = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        boolean heavy = args.length > 2 && args[2].equals("heavy");
        int batch = 1000; // traces per cut: the server cuts idle traces every few seconds
        Random rnd = new Random(7);
        long spacing = hours * 3_600_000_000_000L / traces;
        long t0 = System.currentTimeMillis() * 1_000_000L - hours * 3_600_000_000_000L - 60_000_000_000L;
        long[] hi = new long[traces];
        long[] lo = new long[traces];
        System.out.printf("load average at start: %s%n", loadAverage());
        Path dir = Files.createTempDirectory("trace-bench");
        try (DiskTraceStorage storage = DiskTraceStorage.open(DiskOptions.defaults(dir), Clock.systemUTC())) {
            OtlpReceiver receiver = new OtlpReceiver(storage, t -> TenantLimits.unlimited(), Clock.systemUTC());
            var bean = ManagementFactory.getThreadMXBean();
            Random warmRnd = new Random(99);
            for (int i = 0; i < Math.min(2000, traces / 5); i++) {
                byte[] e = export(warmRnd, t0, heavy).toByteArray();
                receiver.export("warm", OtlpDecoder.parse(e), e.length);
            }
            long ingestCpu = 0;
            long ingestWall = 0;
            long cutCpu = 0;
            long wire = 0;
            byte[][] exports = new byte[batch][];
            for (int from = 0; from < traces; from += batch) {
                int n = Math.min(batch, traces - from);
                for (int i = 0; i < n; i++) {
                    ExportTraceServiceRequest r = export(rnd, t0 + (from + i) * spacing, heavy);
                    byte[] tid = r.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray();
                    TraceId id = TraceId.of(tid);
                    hi[from + i] = id.hi();
                    lo[from + i] = id.lo();
                    exports[i] = r.toByteArray();
                    wire += exports[i].length;
                }
                long c0 = bean.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    receiver.export("t", OtlpDecoder.parse(exports[i]), exports[i].length);
                }
                ingestWall += System.nanoTime() - w0;
                long c1 = bean.getCurrentThreadCpuTime();
                ingestCpu += c1 - c0;
                storage.cut(true);
                cutCpu += bean.getCurrentThreadCpuTime() - c1;
            }
            long spans = traces * 10L;
            System.out.printf("exports: %d traces, %d spans, %.0f B/span on the wire (%s shape)%n", traces, spans, wire / (double) spans,
                    heavy ? "heavy" : "light");
            System.out.printf("ingest (decode + validate + WAL + live traces, one thread): %.0f spans/s wall, %.0f spans per CPU-second, "
                    + "%.4f CPU-s per 1k spans%n", spans / (ingestWall / 1e9), spans / (ingestCpu / 1e9), ingestCpu / 1e9 / (spans / 1000.0));
            System.out.printf("cut to level-%d blocks: %.4f CPU-s per 1k spans; %d blocks, %.1f B/span before compaction%n", 3,
                    cutCpu / 1e9 / (spans / 1000.0), storage.blockCount("t"), storage.blockBytes("t") / (double) spans);
            long cc0 = bean.getCurrentThreadCpuTime();
            storage.compact();
            long compactCpu = bean.getCurrentThreadCpuTime() - cc0;
            System.out.printf("compaction: %.4f CPU-s per 1k spans; %d blocks, %.1f B/span after compaction%n",
                    compactCpu / 1e9 / (spans / 1000.0), storage.blockCount("t"), storage.blockBytes("t") / (double) spans);
            System.out.printf("load average before reads: %s%n", loadAverage());
            long[] lat = new long[5000];
            Random pick = new Random(1);
            for (int round = 0; round < 2; round++) { // the first round warms the JIT
                for (int i = 0; i < lat.length; i++) {
                    int k = pick.nextInt(traces);
                    TraceId id = new TraceId(hi[k], lo[k]);
                    long s = System.nanoTime();
                    int n = storage.trace("t", id, 0, Long.MAX_VALUE).size();
                    lat[i] = System.nanoTime() - s;
                    if (n != 10) {
                        throw new IllegalStateException("trace " + id + " has " + n + " spans");
                    }
                }
            }
            Arrays.sort(lat);
            System.out.printf("trace by id over %d stored traces (%d lookups): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", traces, lat.length,
                    lat[lat.length / 2] / 1e6, lat[lat.length * 99 / 100] / 1e6, lat[lat.length - 1] / 1e6);
            long from = t0;
            long to = t0 + hours * 3_600_000_000_000L + 60_000_000_000L;
            String[] queries = {
                "{ span.gen_ai.system = \"openai\" && duration > 1500ms }",
                "{ resource.service.name = \"gatewayz-backend\" && status = error }",
                "{ name = \"provider.attempt\" && span.gen_ai.request.model = \"claude-3-5-sonnet\" } | count() > 2",
                "{ span.http.route = \"/v1/chat/completions\" && span.user.tier = \"free\" }",
                "{ span.gen_ai.system = \"cohere\" }",
                "{ duration > 2100ms }",
                "{ span.gen_ai.usage.input_tokens > 2000 } | select(span.gen_ai.request.model)",
            };
            for (String q : queries) {
                for (long[] range : new long[][] {{from, to}, {to - 3_600_000_000_000L, to}}) {
                    int runs = range[0] == from ? 5 : 21;
                    double[] ms = new double[runs];
                    long[] p0 = storage.scanPages();
                    TraceSearch.Result r = null;
                    for (int k = 0; k < runs; k++) {
                        long m0 = System.nanoTime();
                        r = TraceSearch.search(storage, "t", new SearchRequest(q, null, 0, 0, range[0], range[1], 20, 3));
                        ms[k] = (System.nanoTime() - m0) / 1e6;
                    }
                    long[] p1 = storage.scanPages();
                    Arrays.sort(ms);
                    System.out.printf("TraceQL search over %s (%d traces inspected, %d results; pages decoded %d, skipped %d per query): "
                            + "p50 %.1f ms, p99 (max when under 100 runs) %.1f ms (%d runs): %s%n", range[0] == from ? hours + " h" : "the last 1 h", r.inspectedTraces(),
                            r.traces().size(), (p1[0] - p0[0]) / runs, (p1[1] - p0[1]) / runs, ms[runs / 2], ms[runs - 1], runs, q);
                }
            }
            if (!Boolean.getBoolean("bench.skipMetrics")) {
                for (String mq : new String[] {"{} | rate() by (span.gen_ai.system)",
                    "{ kind = client } | quantile_over_time(duration, 0.5, 0.99) by (span.gen_ai.request.model)",
                    "{ status = error } | count_over_time() by (resource.service.name) | topk(5)"}) {
                    MetricsQuery m = MetricsQuery.parse(mq);
                    double[] ms = new double[5];
                    int series = 0;
                    for (int k = 0; k < ms.length; k++) {
                        long m0 = System.nanoTime();
                        series = m.range(storage, "t", from, to, 60_000_000_000L * Math.max(1, hours), 100).series().size();
                        ms[k] = (System.nanoTime() - m0) / 1e6;
                    }
                    Arrays.sort(ms);
                    System.out.printf("TraceQL metrics over %d h (%d series, step %d min): p50 %.0f ms, max of 5 %.0f ms (%s)%n", hours, series,
                            Math.max(1, hours), ms[2], ms[4], mq);
                }
            }
            System.out.printf("load average at the end: %s%n", loadAverage());
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static KeyValue kv(String k, long v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
    }

    /** One gateway request: root, auth, cache, token count, 3 provider attempts with HTTP children, response. */
    static ExportTraceServiceRequest export(Random rnd, long start) {
        return export(rnd, start, false);
    }

    /**
     * {@code heavy}: the gateway's fuller attribute set (request id, user, URL, user agent,
     * server address, cache key), about 450 B/span on the wire as the target shape.
     */
    static ExportTraceServiceRequest export(Random rnd, long start, boolean heavy) {
        byte[] tid = new byte[16];
        rnd.nextBytes(tid);
        String[] providers = {"openai", "anthropic", "google", "mistral"};
        String[] models = {"gpt-4o", "claude-3-5-sonnet", "gemini-1.5-pro", "mistral-large"};
        ScopeSpans.Builder ss = ScopeSpans.newBuilder();
        ss.getScopeBuilder().setName("gatewayz").setVersion("2.4.1");
        long root = rnd.nextLong() | 1;
        long dur = 50_000_000L + rnd.nextInt(2_000_000_000);
        String[] names = {"POST /v1/chat/completions", "auth.verify_key", "redis GET", "tokens.count", "provider.attempt",
            "HTTP POST", "provider.attempt", "HTTP POST", "provider.attempt", "response.stream"};
        long prev = root;
        String requestId = new java.util.UUID(rnd.nextLong(), rnd.nextLong()).toString();
        String user = "user-" + rnd.nextInt(5000);
        String tier = rnd.nextInt(5) == 0 ? "free" : "pro";
        String cacheKey = "sha256:" + Long.toHexString(rnd.nextLong() & 0xFFFFFFFFFFL);
        for (int i = 0; i < 10; i++) {
            long id = i == 0 ? root : rnd.nextLong() | 1;
            int p = rnd.nextInt(providers.length);
            Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(tid))
                    .setSpanId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(id).array()))
                    .setName(names[i]).setKind(i == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(start + i * 1_000_000L).setEndTimeUnixNano(start + i * 1_000_000L + (i == 0 ? dur : dur / 10));
            if (i > 0) {
                long parent = names[i].equals("HTTP POST") ? prev : root;
                b.setParentSpanId(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(parent).array()));
            }
            if (names[i].equals("provider.attempt")) {
                prev = id;
                b.addAttributes(kv("gen_ai.system", providers[p])).addAttributes(kv("gen_ai.request.model", models[p]))
                        .addAttributes(kv("gen_ai.usage.input_tokens", 100 + rnd.nextInt(2000)))
                        .addAttributes(kv("gen_ai.usage.output_tokens", 10 + rnd.nextInt(800)))
                        .addAttributes(kv("gatewayz.attempt", i / 2));
                if (rnd.nextInt(10) == 0) {
                    b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("upstream 503"));
                }
            } else {
                b.addAttributes(kv("http.method", "POST")).addAttributes(kv("http.status_code", 200))
                        .addAttributes(kv("http.route", "/v1/chat/completions")).addAttributes(kv("user.tier", tier));
            }
            if (heavy) {
                b.addAttributes(kv("gatewayz.request_id", requestId)).addAttributes(kv("enduser.id", user))
                        .addAttributes(kv("url.full", "https://api.gatewayz.ai/v1/chat/completions?stream=" + (i % 2 == 0)))
                        .addAttributes(kv("user_agent.original", "openai-python/1.54.3 httpx/0.27.2 CPython/3.12.7"))
                        .addAttributes(kv("server.address", "gw-" + (p % 3) + ".internal.gatewayz.ai"))
                        .addAttributes(kv("gatewayz.cache.key", cacheKey))
                        .addAttributes(kv("thread.name", "http-nio-8080-exec-" + (1 + rnd.nextInt(200))));
            }
            ss.addSpans(b);
        }
        ResourceSpans.Builder rs = ResourceSpans.newBuilder().addScopeSpans(ss);
        rs.getResourceBuilder().addAttributes(kv("service.name", "gatewayz-backend")).addAttributes(kv("deployment.environment", "prod"))
                .addAttributes(kv("service.version", "2.4.1")).addAttributes(kv("host.name", "gw-" + rnd.nextInt(4)));
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(rs).build();
    }
}
