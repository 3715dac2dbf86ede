package ai.gatewayz.obs.bench.traces;

import ai.gatewayz.obs.traces.generator.GeneratorConfigLoader;
import ai.gatewayz.obs.traces.generator.MetricsGenerator;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.otlp.TenantLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The generator's consume path alone, per span (ns/span), by processor set: decoded 10-span gateway
 * traces fed to {@link MetricsGenerator#consume}, a collection every 1000 traces (as a 15 s interval
 * would at ~700 traces/s) so service-graph halves expire and the series stay bounded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GeneratorBenchmark {
    static final int TRACES = 4096;

    @Param({"span-metrics", "service-graphs", "gen-ai", "all"})
    public String processors;

    private final List<List<Span>> traces = new ArrayList<>();
    private MetricsGenerator generator;
    private int next;

    @Setup
    public void setup() {
        Random rnd = new Random(7);
        long t0 = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < TRACES; i++) {
            traces.add(OtlpDecoder.decode(TraceStoreBench.export(rnd, t0 + i * 10_000L), TenantLimits.DEFAULTS.spans()).spans());
        }
        String config = GeneratorOverheadBench.CONFIG.replace("metrics_ingestion_time_range_slack: 1h",
                "metrics_ingestion_time_range_slack: 24h").replace("processors: [span-metrics, service-graphs, gen-ai]",
                "processors: [" + (processors.equals("all") ? "span-metrics, service-graphs, gen-ai" : processors) + "]");
        generator = new MetricsGenerator(new GeneratorConfigLoader(k -> null).parse(config, null).options(), (t, l, ts, v) -> true,
                Clock.systemUTC());
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public void consumeOneTrace() {
        generator.consume("t", traces.get(next));
        if (++next == TRACES) {
            next = 0;
        }
        if (next % 1000 == 0) {
            generator.collect();
        }
    }
}
