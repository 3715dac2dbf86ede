package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.tsdb.block.Block;
import ai.gatewayz.obs.metrics.tsdb.block.BlockFiles;
import ai.gatewayz.obs.metrics.tsdb.block.BlockIds;
import ai.gatewayz.obs.metrics.tsdb.block.BlockSeriesIterator;
import ai.gatewayz.obs.metrics.tsdb.block.BlockWriter;
import ai.gatewayz.obs.metrics.tsdb.block.ChunkRecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 2h block of 10k series (100 jobs × 100 instances, 480 samples each at 15 s): postings lookup for
 * {@code job="j7", instance=~"i1.*"} from the mapped index, and reading one series' 480 samples
 * (chunk read from the mapped file, CRC check, decode of the chunk encoding ChunkRecoder chose: PACKED here).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BlockBenchmark {
    Path dir;
    Block block;
    long ord;
    final BlockSeriesIterator it = new BlockSeriesIterator();
    final List<LabelMatcher> matchers = List.of(LabelMatcher.eq("job", "j7"), LabelMatcher.re("instance", "i1.*"));

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("block-bench");
        List<Labels> series = new ArrayList<>();
        for (int j = 0; j < 100; j++) {
            for (int i = 0; i < 100; i++) {
                series.add(Labels.of("__name__", "http_requests_total", "job", "j" + j, "instance", "i" + i));
            }
        }
        series.sort(Labels::compareTo);
        Random r = new Random(5);
        String id = BlockIds.next(System.currentTimeMillis());
        try (BlockWriter w = BlockWriter.create(dir, id)) {
            ChunkRecoder rec = new ChunkRecoder(w, 480);
            for (Labels l : series) {
                w.startSeries(l);
                double v = 0;
                for (int k = 0; k < 480; k++) {
                    v += r.nextInt(10);
                    rec.add(k * 15_000L + r.nextInt(5), Double.doubleToRawLongBits(v));
                }
                rec.flush();
            }
            w.commit(0, 7_200_000L, 1, List.of());
        }
        block = Block.open(dir.resolve(id));
        ord = block.postings("instance", "i42")[3];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BlockFiles.deleteTree(dir);
    }

    @Benchmark
    public long[] postingsLookup() {
        return block.candidates(matchers);
    }

    @Benchmark
    public double readSeries() {
        it.reset(block.series(ord), Long.MIN_VALUE, Long.MAX_VALUE);
        double sum = 0;
        while (it.next()) {
            sum += it.v();
        }
        return sum;
    }
}
