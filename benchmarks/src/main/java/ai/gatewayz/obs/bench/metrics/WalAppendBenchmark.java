package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WAL append: raw 1 KiB records into the segmented log, and whole TSDB commits of 1000 samples
 * (1000 series × 1 sample, the shape of a remote-write batch) including the head update.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class WalAppendBenchmark {
    static final int BATCH = 1000;
    Path dir;
    SegmentedLog log;
    Tsdb db;
    byte[] record = new byte[1024];
    Labels[] series = new Labels[BATCH];
    long t = 1_700_000_000_000L;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("bench-wal");
        log = SegmentedLog.open(dir.resolve("raw"), 64L << 20, false);
        db = Tsdb.open(dir.resolve("tsdb"), TsdbOptions.defaults().withWal(64L << 20, false, 1000), Clock.systemUTC());
        for (int i = 0; i < BATCH; i++) {
            series[i] = Labels.of("__name__", "bench_metric", "instance", "host-" + (i % 50), "shard", Integer.toString(i));
        }
        t = System.currentTimeMillis() - 3_600_000L;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** 1 KiB records per second (CRC32C framing + write syscall). */
    @Benchmark
    public void rawRecord() {
        log.append(record, 0, record.length);
    }

    /** Samples per second through Appender.commit (WAL record + head chunks). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tsdbCommit() {
        Appender a = db.appender();
        t += 15;
        for (int i = 0; i < BATCH; i++) {
            a.append(0, series[i], t, i * 1.5 + t);
        }
        a.commit();
    }
}
