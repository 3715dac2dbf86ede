package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code /api/v1/label/<name>/values} over 50k series held in the head and in one block: the index
 * answer ({@code Querier.labelValues}) against walking {@code select} as the storage did before.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LabelValuesBenchmark {
    private static final int SERIES = 50_000;
    private Path dir;
    private Tsdb db;

    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("label-values-bench");
        db = Tsdb.open(dir, TsdbOptions.defaults().withBlocks(Duration.ofSeconds(1), 120),
                Clock.fixed(Instant.ofEpochMilli(3000), ZoneOffset.UTC));
        for (long t : new long[] {0, 2000}) { // the cut puts [0, 1 s) in a block; the head keeps t=2000
            Appender app = db.appender();
            for (int i = 0; i < SERIES; i++) {
                app.append(0, Labels.of("__name__", "m" + (i % 10), "instance", "i" + i, "job", "j" + (i % 50)), t, i);
            }
            app.commit();
        }
        db.maintain();
    }

    @TearDown
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public List<String> jobValuesIndex() {
        try (Querier q = db.querier(0, 3000)) {
            return q.labelValues("job", List.of());
        }
    }

    @Benchmark
    public List<String> jobValuesSelect() {
        return walk("job", List.of(LabelMatcher.re("job", ".+")));
    }

    @Benchmark
    public List<String> jobValuesOfOneMetricIndex() {
        try (Querier q = db.querier(0, 3000)) {
            return q.labelValues("job", List.of(LabelMatcher.eq("__name__", "m3")));
        }
    }

    @Benchmark
    public List<String> jobValuesOfOneMetricSelect() {
        return walk("job", List.of(LabelMatcher.eq("__name__", "m3")));
    }

    @Benchmark
    public List<String> labelNamesIndex() {
        try (Querier q = db.querier(0, 3000)) {
            return q.labelNames(List.of());
        }
    }

    /** What the storage did before: select the series and collect the label from each. */
    private List<String> walk(String name, List<LabelMatcher> ms) {
        TreeSet<String> values = new TreeSet<>();
        try (Querier q = db.querier(0, 3000)) {
            SeriesSet set = q.select(false, ms);
            while (set.next()) {
                String v = set.at().labels().get(name);
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        }
        return new ArrayList<>(values);
    }
}
