package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** XOR chunk encode/decode of one 120-point scrape-like series (15 s interval, jittered, slowly moving gauge). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ChunkBenchmark {
    static final int N = 120;
    long[] ts = new long[N];
    long[] bits = new long[N];
    byte[] chunk;
    final XorChunk.Iterator it = new XorChunk.Iterator();

    @Setup
    public void setup() {
        Random r = new Random(1);
        long t = 1_700_000_000_000L;
        double v = 1000;
        for (int i = 0; i < N; i++) {
            t += 15_000 + r.nextInt(20) - 10;
            v += r.nextInt(10);
            ts[i] = t;
            bits[i] = Double.doubleToRawLongBits(v);
        }
        XorChunk.Appender a = new XorChunk.Appender();
        for (int i = 0; i < N; i++) {
            a.append(ts[i], bits[i]);
        }
        chunk = a.toByteArray();
        System.out.printf("%nchunk: %d points in %d bytes = %.3f bytes/point%n", N, chunk.length, chunk.length / (double) N);
    }

    /** Points encoded per second. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int encode() {
        XorChunk.Appender a = new XorChunk.Appender(160);
        for (int i = 0; i < N; i++) {
            a.append(ts[i], bits[i]);
        }
        return a.byteLength();
    }

    /** Points decoded per second. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long decode() {
        it.reset(chunk);
        long s = 0;
        while (it.next()) {
            s += it.t() ^ it.bits();
        }
        return s;
    }
}
