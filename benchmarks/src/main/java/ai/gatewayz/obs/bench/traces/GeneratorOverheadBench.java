package ai.gatewayz.obs.bench.traces;

import ai.gatewayz.obs.traces.disk.DiskOptions;
import ai.gatewayz.obs.traces.generator.AsyncFeed;
import ai.gatewayz.obs.traces.disk.DiskTraceStorage;
import ai.gatewayz.obs.traces.generator.GeneratingAppender;
import ai.gatewayz.obs.traces.generator.GeneratorConfigLoader;
import ai.gatewayz.obs.traces.generator.GeneratorOptions;
import ai.gatewayz.obs.traces.generator.MetricsGenerator;
import ai.gatewayz.obs.traces.generator.SampleSink;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.otlp.TenantLimits;
import ai.gatewayz.obs.traces.storage.SpanAppender;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The metrics generator's cost on ingest: the same pre-encoded 10-span gateway exports go through
 * {@link OtlpReceiver} into disk storage (WAL) with the generator off and on (span metrics with the
 * bundled GatewayZ dimensions, service graphs, gen-ai tokens), alternating pairs of runs on one thread, each into a fresh storage;
 * reports spans per CPU-second of the ingest thread for each and the ratio, the generator's own CPU per 1k spans (consume only), one
 * collection's time, and heap per active series. The sink counts samples (remote write is off the
 * ingest path, on the collection thread). Not run in CI.
 * Usage: {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.traces.GeneratorOverheadBench [traces per run] [pairs]}.
 */
public final class GeneratorOverheadBench {
    static final String CONFIG = """
            metrics_generator:
              metrics_ingestion_time_range_slack: 1h
              processor:
                span_metrics:
                  dimensions: [gen_ai.request.model, gen_ai.system, ai.provider, customer.id, http.status_code, http.route, error.type]
                service_graphs:
                  dimensions: [gen_ai.system, gen_ai.request.model, http.status_code]
                  peer_attributes: [peer.service, db.name, server.address]
            overrides:
              defaults:
                metrics_generator:
                  processors: [span-metrics, service-graphs, gen-ai]
            """;

    private GeneratorOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int traces = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Random rnd = new Random(7);
        long t0 = System.currentTimeMillis() * 1_000_000L;
        byte[][] exports = new byte[traces][];
        for (int i = 0; i < traces; i++) {
            exports[i] = TraceStoreBench.export(rnd, t0 + i * 10_000L).toByteArray();
        }
        GeneratorOptions options = new GeneratorConfigLoader(k -> null).parse(CONFIG, null).options();
        LongAdder samples = new LongAdder();
        SampleSink sink = (tenant, labels, ts, v) -> {
            samples.increment();
            return true;
        };
        for (int w = 0; w < 5; w++) { // warm both paths up before measuring
            ingest(exports, null);
            ingest(exports, new MetricsGenerator(options, sink, Clock.systemUTC()));
        }
        double[] off = new double[rounds];
        double[] on = new double[rounds];
        double[] ratios = new double[rounds];
        long series = 0;
        for (int r = 0; r < rounds; r++) {
            // alternate which runs first, so drift in the machine's load hits both alike
            MetricsGenerator g = new MetricsGenerator(options, sink, Clock.systemUTC());
            if (r % 2 == 0) {
                off[r] = ingest(exports, null);
                on[r] = ingest(exports, g);
            } else {
                on[r] = ingest(exports, g);
                off[r] = ingest(exports, null);
            }
            ratios[r] = on[r] / off[r];
            series = g.stats().activeSeries();
        }
        java.util.Arrays.sort(off);
        java.util.Arrays.sort(on);
        java.util.Arrays.sort(ratios);
        System.out.printf("ingest over %d alternating pairs of %d spans: median off %.0f spans/CPU-s, median on %.0f spans/CPU-s, "
                + "ratio of medians %.3f, median per-pair ratio %.3f (quartiles %.3f..%.3f); %d active series%n", rounds,
                exports.length * 10, off[rounds / 2], on[rounds / 2], on[rounds / 2] / off[rounds / 2], ratios[rounds / 2],
                ratios[rounds / 4], ratios[rounds * 3 / 4], series);
        double[] asyncOn = new double[rounds];
        double[] asyncOff = new double[rounds];
        double[] feedCpu = new double[rounds];
        double droppedSpans = 0;
        for (int r = 0; r < rounds; r++) {
            asyncOff[r] = ingest(exports, null);
            double[] a = ingestAsync(exports, new MetricsGenerator(options, sink, Clock.systemUTC()));
            asyncOn[r] = a[0];
            feedCpu[r] = a[1];
            droppedSpans += a[2];
        }
        java.util.Arrays.sort(asyncOn);
        java.util.Arrays.sort(asyncOff);
        java.util.Arrays.sort(feedCpu);
        double offCpuPer1k = 1000 / asyncOff[rounds / 2];
        double onCpuPer1k = 1000 / asyncOn[rounds / 2];
        System.out.printf("async feed (as the server runs it): ingest thread median off %.0f, on %.0f spans/CPU-s, ratio %.3f; "
                + "generator thread %.4f CPU-s per 1k spans; total CPU per 1k spans off %.4f, on %.4f (ratio %.3f); %.0f spans "
                + "dropped by the full queue%n", asyncOff[rounds / 2], asyncOn[rounds / 2], asyncOn[rounds / 2] / asyncOff[rounds / 2],
                feedCpu[rounds / 2], offCpuPer1k, onCpuPer1k + feedCpu[rounds / 2], offCpuPer1k / (onCpuPer1k + feedCpu[rounds / 2]),
                droppedSpans);
        generatorAlone(exports, options, sink, samples);
        for (String proc : List.of("span-metrics", "service-graphs", "gen-ai")) {
            String only = CONFIG.replace("processors: [span-metrics, service-graphs, gen-ai]", "processors: [" + proc + "]");
            System.out.print(proc + " only -> ");
            generatorAlone(exports, new GeneratorConfigLoader(k -> null).parse(only, null).options(), sink, samples);
        }
        memoryPerSeries(sink);
    }

    /** The generator alone (decoded spans fed straight in): CPU per 1k spans, collection time, heap per series. */
    private static void generatorAlone(byte[][] exports, GeneratorOptions options, SampleSink sink, LongAdder samples) {
        List<List<Span>> decoded = new ArrayList<>(exports.length);
        for (byte[] e : exports) {
            decoded.add(OtlpDecoder.decode(OtlpDecoder.parse(e), TenantLimits.DEFAULTS.spans()).spans());
        }
        var bean = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 2; warm++) {
            MetricsGenerator w = new MetricsGenerator(options, sink, Clock.systemUTC());
            decoded.forEach(s -> w.consume("t", s));
        }
        System.gc();
        long heap0 = usedHeap();
        MetricsGenerator g = new MetricsGenerator(options, sink, Clock.systemUTC());
        long cpu0 = bean.getCurrentThreadCpuTime();
        for (List<Span> s : decoded) {
            g.consume("t", s);
        }
        long cpu = bean.getCurrentThreadCpuTime() - cpu0;
        long spans = exports.length * 10L;
        System.gc();
        long heap = usedHeap() - heap0;
        long active = g.stats().activeSeries();
        long s0 = samples.sum();
        long c0 = System.nanoTime();
        g.collect();
        long collectNs = System.nanoTime() - c0;
        System.out.printf("generator alone: %.4f CPU-s per 1k spans; %d active series, ~%.0f B heap per active series "
                + "(incl. waiting edges: %d); one collection %.1f ms for %d samples%n", cpu / 1e9 / (spans / 1000.0), active,
                heap / (double) active, g.stats().edgesPending(), collectNs / 1e6, samples.sum() - s0);
    }

    /** Heap per active series with span metrics only (no waiting edges): 20k distinct span names. */
    private static void memoryPerSeries(SampleSink sink) {
        GeneratorOptions o = new GeneratorConfigLoader(k -> null).parse("""
                metrics_generator:
                  processor:
                    span_metrics:
                      dimensions: [gen_ai.system, gen_ai.request.model]
                overrides:
                  metrics_generator_processors: [span-metrics]
                """, null).options();
        long now = System.currentTimeMillis() * 1_000_000L;
        var res = new ai.gatewayz.obs.traces.model.Resource(List.of(ai.gatewayz.obs.traces.model.Attr.of("service.name", "gatewayz-api")),
                0, "");
        var scope = new ai.gatewayz.obs.traces.model.Scope("b", "", List.of(), 0, "");
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            spans.add(new Span(new ai.gatewayz.obs.traces.model.TraceId(1, i + 1), i + 1, 0, "", 0, "op-" + i, Span.KIND_SERVER, now,
                    now + 1_000_000, List.of(ai.gatewayz.obs.traces.model.Attr.of("gen_ai.system", "openai"),
                            ai.gatewayz.obs.traces.model.Attr.of("gen_ai.request.model", "gpt-4o")), 0, List.of(), 0, List.of(), 0, 0, "",
                    res, scope));
        }
        System.gc();
        long heap0 = usedHeap();
        MetricsGenerator g = new MetricsGenerator(o, sink, Clock.systemUTC());
        g.consume("t", spans);
        g.collect(); // label sets of every bucket are built on the first collection
        System.gc();
        long heap = usedHeap() - heap0;
        System.out.printf("memory: %d active series (20000 label sets x 19), ~%.0f B heap per active series, ~%.0f B per label set%n",
                g.stats().activeSeries(), heap / (double) g.stats().activeSeries(), heap / 20_000.0);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Ingest-thread spans/CPU-s with the generator fed through an {@link AsyncFeed}; [1] = feed thread CPU-s per 1k spans. */
    private static double[] ingestAsync(byte[][] exports, MetricsGenerator g) throws Exception {
        try (AsyncFeed feed = new AsyncFeed(g, 4096)) {
            long f0 = feed.cpuNanos();
            double rate = ingest(exports, null, feed);
            while (feed.pending() > 0) {
                Thread.sleep(1);
            }
            Thread.sleep(5);
            long spans = exports.length * 10L;
            return new double[] {rate, (feed.cpuNanos() - f0) / 1e9 / (spans / 1000.0), feed.droppedSpans()};
        }
    }

    private static double ingest(byte[][] exports, MetricsGenerator g) throws Exception {
        return ingest(exports, g, null);
    }

    /** spans per CPU-s through the receiver into a fresh disk storage, with the generator hooked in when non-null. */
    private static double ingest(byte[][] exports, MetricsGenerator g, AsyncFeed feed) throws Exception {
        Path dir = Files.createTempDirectory("gen-bench");
        try (DiskTraceStorage storage = DiskTraceStorage.open(DiskOptions.defaults(dir), Clock.systemUTC())) {
            SpanAppender appender = feed != null ? new GeneratingAppender(storage, (SpanAppender) feed)
                    : g == null ? storage : new GeneratingAppender(storage, g);
            OtlpReceiver receiver = new OtlpReceiver(appender, t -> TenantLimits.unlimited(), Clock.systemUTC());
            int warm = Math.min(500, exports.length / 5);
            for (int i = 0; i < warm; i++) {
                receiver.export("warm", OtlpDecoder.parse(exports[i]), exports[i].length);
            }
            // thread CPU time, not wall time: on a shared machine wall time mostly measures the neighbours
            var bean = ManagementFactory.getThreadMXBean();
            long c0 = bean.getCurrentThreadCpuTime();
            for (byte[] e : exports) {
                receiver.export("t", OtlpDecoder.parse(e), e.length);
            }
            long cpu = bean.getCurrentThreadCpuTime() - c0;
            return exports.length * 10L / (cpu / 1e9);
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
