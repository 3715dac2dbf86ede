package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.storage.index.Postings;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Intersection of a selective posting list (1k refs) with two large ones (100k and 500k of 1M series). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PostingsBenchmark {
    long[] small;
    long[] medium;
    long[] large;

    static long[] random(Random r, int n, int range) {
        TreeSet<Long> s = new TreeSet<>();
        while (s.size() < n) {
            s.add((long) r.nextInt(range));
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    @Setup
    public void setup() {
        Random r = new Random(3);
        small = random(r, 1_000, 1_000_000);
        medium = random(r, 100_000, 1_000_000);
        large = random(r, 500_000, 1_000_000);
    }

    @Benchmark
    public long[] intersect3() {
        return Postings.intersect(small, medium, large);
    }

    @Benchmark
    public long[] intersectLarge2() {
        return Postings.intersect(medium, large);
    }
}
