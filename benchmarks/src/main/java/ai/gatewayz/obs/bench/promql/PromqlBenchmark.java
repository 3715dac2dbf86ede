package ai.gatewayz.obs.bench.promql;

import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PromQL engine hot paths: parsing dashboard queries, and evaluating the common dashboard shapes
 * (rate, sum by, topk, histogram_quantile over rate of buckets) as instant queries over 10k and
 * 100k series in the in-memory storage. Run: {@code java -jar benchmarks/target/benchmarks.jar PromqlBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PromqlBenchmark {
    @Param({"10000", "100000"})
    public int series;

    private MemoryStorage storage;
    private PromqlEngine engine;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        storage = new MemoryStorage();
        long start = 1_700_000_000_000L;
        int samples = 80; // 20 minutes at 15s
        BenchData.load(storage, BenchData.generate(series, start, 15_000, samples, 7));
        now = start + (samples - 1) * 15_000L;
        engine = new PromqlEngine();
    }

    @Benchmark
    public QueryResult rate() {
        return engine.instant(storage, "rate(model_inference_requests_total[5m])", now);
    }

    @Benchmark
    public QueryResult sumByRate() {
        return engine.instant(storage, "sum by (provider) (rate(model_inference_requests_total[5m]))", now);
    }

    @Benchmark
    public QueryResult topk() {
        return engine.instant(storage, "topk(10, rate(model_inference_requests_total[5m]))", now);
    }

    @Benchmark
    public QueryResult histogramQuantile() {
        return engine.instant(storage,
                "histogram_quantile(0.95, sum by (le, provider) (rate(model_inference_duration_seconds_bucket[5m])))", now);
    }
}
