package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.storage.chunkenc.BlockXorChunk;
import ai.gatewayz.obs.storage.chunkenc.DecimalChunk;
import ai.gatewayz.obs.storage.chunkenc.PackedChunk;
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
 * The persisted-block chunk encodings side by side on one 480-point chunk shaped like the
 * side-by-side harness's data (15 s interval, 0-4 ms jitter; {@code counter}: integer steps 0-19,
 * {@code gauge}: Gaussian random walk rounded to cents). Scores are points per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BlockChunkCodecBenchmark {
    static final int N = 480;

    @Param({"counter", "gauge"})
    public String shape;

    long[] ts = new long[N];
    long[] bits = new long[N];
    byte[] blockXor;
    byte[] decimal;
    byte[] packed;
    final BlockXorChunk.Iterator bxIt = new BlockXorChunk.Iterator();
    final DecimalChunk.Iterator decIt = new DecimalChunk.Iterator();
    final PackedChunk.Iterator packedIt = new PackedChunk.Iterator();
    final PackedChunk.Encoder packedEnc = new PackedChunk.Encoder();

    @Setup
    public void setup() {
        Random r = new Random(11);
        double v = 1000;
        for (int i = 0; i < N; i++) {
            ts[i] = 1_700_000_000_000L + i * 15_000L + r.nextInt(5);
            v = shape.equals("gauge") ? Math.round((v + r.nextGaussian()) * 100) / 100.0 : v + r.nextInt(20);
            bits[i] = Double.doubleToRawLongBits(v);
        }
        blockXor = encodeBlockXor();
        decimal = DecimalChunk.encode(ts, bits, N);
        packed = packedEnc.encode(ts, bits, N);
        System.out.printf("%n%s chunk of %d points: BLOCK_XOR %.3f, DECIMAL %.3f, PACKED %.3f bytes/point%n", shape, N,
                blockXor.length / (double) N, decimal.length / (double) N, packed.length / (double) N);
    }

    private byte[] encodeBlockXor() {
        BlockXorChunk.Appender a = new BlockXorChunk.Appender(16 + N * 2);
        for (int i = 0; i < N; i++) {
            a.append(ts[i], bits[i]);
        }
        return a.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int encodeBlockXorChunk() {
        return encodeBlockXor().length;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int encodeDecimal() {
        return DecimalChunk.encode(ts, bits, N).length;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int encodePacked() {
        return packedEnc.encode(ts, bits, N).length;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long decodeBlockXor() {
        bxIt.reset(blockXor, blockXor.length);
        long s = 0;
        while (bxIt.next()) {
            s += bxIt.t() ^ bxIt.bits();
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long decodeDecimal() {
        decIt.reset(decimal, decimal.length);
        long s = 0;
        while (decIt.next()) {
            s += decIt.t() ^ decIt.bits();
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long decodePacked() {
        packedIt.reset(packed, packed.length);
        long s = 0;
        while (packedIt.next()) {
            s += packedIt.t() ^ packedIt.bits();
        }
        return s;
    }
}
