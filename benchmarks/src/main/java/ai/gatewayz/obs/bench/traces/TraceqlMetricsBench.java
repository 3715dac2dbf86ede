package ai.gatewayz.obs.bench.traces;

import ai.gatewayz.obs.traces.disk.DiskOptions;
import ai.gatewayz.obs.traces.disk.DiskTraceStorage;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.otlp.TenantLimits;
import ai.gatewayz.obs.traces.traceql.MetricsQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * TraceQL metrics over 24 h of part 1's data: {@link TraceStoreBench}'s 10-span gateway traces
 * spread evenly over {@code hours}, ingested through the receiver into disk storage, cut and
 * compacted into blocks; then the query shapes Grafana and Traces Drilldown send (rate by
 * attribute, quantiles by model, a filtered count with topk, compare, histogram_over_time, an
 * instant query), each run {@code runs} times over the whole range at a 5-minute step (288 points)
 * after 2 warm-up runs, reporting p50/p99 of wall time and of the querying thread's CPU time (the
 * CPU figure is what holds on a loaded machine). Not run in CI.
 * Usage: {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.traces.TraceqlMetricsBench [traces] [hours] [runs]}.
 */
public final class TraceqlMetricsBench {
    static final String[] QUERIES = {
        "{} | rate() by (span.gen_ai.system)",
        "{ kind = client } | quantile_over_time(duration, 0.5, 0.9, 0.99) by (span.gen_ai.request.model)",
        "{ status = error } | count_over_time() by (resource.service.name) | topk(5)",
        "{ kind = client } | compare({ status = error }, 10)",
        "{ span.gen_ai.system != nil } | histogram_over_time(duration) by (span.gen_ai.system)",
        "{ span.gen_ai.usage.output_tokens != nil } | sum_over_time(span.gen_ai.usage.output_tokens) by (span.gen_ai.request.model)",
    };

    private TraceqlMetricsBench() {
    }

    public static void main(String[] args) throws Exception {
        int traces = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Random rnd = new Random(7);
        long span = hours * 3_600_000_000_000L;
        long t0 = System.currentTimeMillis() * 1_000_000L - span - 60_000_000_000L;
        Path dir = Files.createTempDirectory("traceql-metrics-bench");
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        try (DiskTraceStorage storage = DiskTraceStorage.open(DiskOptions.defaults(dir), Clock.systemUTC())) {
            OtlpReceiver receiver = new OtlpReceiver(storage, t -> TenantLimits.unlimited(), Clock.systemUTC());
            for (int i = 0; i < traces; i++) {
                byte[] e = TraceStoreBench.export(rnd, t0 + i * (span / traces)).toByteArray();
                receiver.export("t", OtlpDecoder.parse(e), e.length);
            }
            storage.cut(true);
            storage.compact();
            System.out.printf("data: %d traces, %d spans over %d h, %d blocks, %.1f MB on disk%n", traces, traces * 10L, hours,
                    storage.blockCount("t"), storage.blockBytes("t") / 1e6);
            long from = t0;
            long to = t0 + span + 60_000_000_000L;
            long step = 300_000_000_000L;
            for (String q : QUERIES) {
                MetricsQuery m = MetricsQuery.parse(q);
                double[] wall = new double[runs];
                double[] cpu = new double[runs];
                int series = 0;
                long inspected = 0;
                for (int k = -2; k < runs; k++) {
                    long c0 = bean.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    var r = m.range(storage, "t", from, to, step, 100);
                    long w = System.nanoTime() - w0;
                    long c = bean.getCurrentThreadCpuTime() - c0;
                    if (k >= 0) {
                        wall[k] = w / 1e6;
                        cpu[k] = c / 1e6;
                    }
                    series = r.series().size();
                    inspected = r.inspectedSpans();
                }
                System.out.printf("%-110s %3d series %9d spans | wall p50 %6.0f p99 %6.0f ms | cpu p50 %6.0f p99 %6.0f ms%n", q, series,
                        inspected, pct(wall, 50), pct(wall, 99), pct(cpu, 50), pct(cpu, 99));
            }
            MetricsQuery inst = MetricsQuery.parse("{} | count_over_time() by (span.gen_ai.system)");
            double[] wall = new double[runs];
            for (int k = -2; k < runs; k++) {
                long w0 = System.nanoTime();
                inst.instant(storage, "t", from, to);
                if (k >= 0) {
                    wall[k] = (System.nanoTime() - w0) / 1e6;
                }
            }
            System.out.printf("instant %s: wall p50 %.0f p99 %.0f ms%n", inst.text(), pct(wall, 50), pct(wall, 99));
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The nearest-rank percentile. */
    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
