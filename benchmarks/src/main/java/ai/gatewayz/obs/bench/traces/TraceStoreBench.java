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
 * Not run in CI. Usage: {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.traces.TraceStoreBench [traces] [hours]}.
 */
public final class TraceStoreBench {
    private TraceStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int traces = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        Random rnd = new Random(7);
        long spacing = hours * 3_600_000_000_000L / traces;
        long t0 = System.currentTimeMillis() * 1_000_000L - hours * 3_600_000_000_000L - 60_000_000_000L;
        byte[][] exports = new byte[traces][];
        long wire = 0;
        for (int i = 0; i < traces; i++) {
            exports[i] = export(rnd, t0 + i * spacing).toByteArray();
            wire += exports[i].length;
        }
        System.out.printf("exports: %d traces, %d spans, %.0f B/span on the wire%n", traces, traces * 10, wire / (traces * 10.0));
        Path dir = Files.createTempDirectory("trace-bench");
        try (DiskTraceStorage storage = DiskTraceStorage.open(DiskOptions.defaults(dir), Clock.systemUTC())) {
            OtlpReceiver receiver = new OtlpReceiver(storage, t -> TenantLimits.unlimited(), Clock.systemUTC());
            var bean = ManagementFactory.getThreadMXBean();
            int warm = Math.min(2000, traces / 5);
            for (int i = 0; i < warm; i++) {
                receiver.export("warm", OtlpDecoder.parse(exports[i]), exports[i].length);
            }
            long cpu0 = bean.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (byte[] e : exports) {
                receiver.export("t", OtlpDecoder.parse(e), e.length);
            }
            long wall = System.nanoTime() - w0;
            long cpu = bean.getCurrentThreadCpuTime() - cpu0;
            long spans = traces * 10L;
            System.out.printf("ingest: %.0f spans/s (one thread), %.4f CPU-s per 1k spans%n", spans / (wall / 1e9), cpu / 1e9 / (spans / 1000.0));
            storage.cut(true);
            storage.compact();
            System.out.printf("disk: %d blocks, %.1f B/span after compaction%n", storage.blockCount("t"),
                    storage.blockBytes("t") / (double) spans);
            long[] lat = new long[2000];
            Random pick = new Random(1);
            ExportTraceServiceRequest[] decoded = new ExportTraceServiceRequest[lat.length];
            for (int i = 0; i < lat.length; i++) {
                decoded[i] = OtlpDecoder.parse(exports[pick.nextInt(traces)]);
            }
            for (int i = 0; i < lat.length; i++) {
                TraceId id = TraceId.of(decoded[i].getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray());
                long s = System.nanoTime();
                int n = storage.trace("t", id, 0, Long.MAX_VALUE).size();
                lat[i] = System.nanoTime() - s;
                if (n != 10) {
                    throw new IllegalStateException("trace " + id + " has " + n + " spans");
                }
            }
            Arrays.sort(lat);
            System.out.printf("trace by id: p50 %.3f ms, p99 %.3f ms%n", lat[lat.length / 2] / 1e6, lat[lat.length * 99 / 100] / 1e6);
            String q = "{ span.gen_ai.system = \"openai\" && duration > 150ms } | count() > 0";
            long s = System.nanoTime();
            var r = TraceSearch.search(storage, "t", new SearchRequest(q, null, 0, 0, 0, Long.MAX_VALUE, 20, 3));
            System.out.printf("TraceQL search over %d traces: %.1f ms, %d results (%s)%n", r.inspectedTraces(), (System.nanoTime() - s) / 1e6,
                    r.traces().size(), q);
            long from = t0;
            long to = t0 + hours * 3_600_000_000_000L + 60_000_000_000L;
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
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
                        .addAttributes(kv("http.route", "/v1/chat/completions")).addAttributes(kv("user.tier", "pro"));
            }
            ss.addSpans(b);
        }
        ResourceSpans.Builder rs = ResourceSpans.newBuilder().addScopeSpans(ss);
        rs.getResourceBuilder().addAttributes(kv("service.name", "gatewayz-backend")).addAttributes(kv("deployment.environment", "prod"))
                .addAttributes(kv("service.version", "2.4.1")).addAttributes(kv("host.name", "gw-" + rnd.nextInt(4)));
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(rs).build();
    }
}
