package ai.gatewayz.obs.storage.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalChunkTest {
    private static byte[] roundTrip(long[] ts, long[] bits) {
        byte[] chunk = DecimalChunk.encode(ts, bits, ts.length);
        assertThat(chunk).isNotNull();
        assertThat(XorChunk.count(chunk)).isEqualTo(ts.length);
        DecimalChunk.Iterator it = new DecimalChunk.Iterator().reset(chunk, chunk.length);
        for (int i = 0; i < ts.length; i++) {
            assertThat(it.next()).as("point %d", i).isTrue();
            assertThat(it.t()).as("t %d", i).isEqualTo(ts[i]);
            assertThat(it.bits()).as("bits %d", i).isEqualTo(bits[i]);
        }
        assertThat(it.next()).isFalse();
        return chunk;
    }

    private static long b(double v) {
        return Double.doubleToRawLongBits(v);
    }

    @Test
    void countersGaugesAndSpecialValuesRoundTripBitExact() {
        long[] ts = {1000, 2000, 3000, 4000, 5001, 6000, 7000, 8000, 9000, 10_000, 11_000, 12_000};
        long[] bits = {b(0), b(1), 0x7ff0000000000002L, b(3), 0x7ff8000000000001L, b(-0.0), b(Double.POSITIVE_INFINITY), b(1e15),
            b(-1e15), b(7), 0x7ff8000000000000L, b(7)};
        roundTrip(ts, bits);
        long[] cents = {b(0.01), b(-12.34), b(99.99), b(100.5), b(0.07), b(1.1), b(2.2), b(3.3), b(4.4), b(5), b(6), b(7)};
        assertThat(DecimalChunk.scaleOf(cents, 8)).isEqualTo(2);
        roundTrip(ts, cents);
    }

    @Test
    void valuesWithoutAShortDecimalFormAreRefused() {
        long[] ts = {1, 2, 3};
        assertThat(DecimalChunk.encode(ts, new long[] {b(Math.PI), b(1), b(2)}, 3)).isNull();
        assertThat(DecimalChunk.encode(ts, new long[] {b(1e300), b(1), b(2)}, 3)).isNull();
        assertThat(DecimalChunk.encode(ts, new long[] {b(0.1 + 0.2), b(1), b(2)}, 3)).isNull();
    }

    @Test
    void randomDecimalsRoundTripAndBeatXor() {
        Random r = new Random(9);
        for (int round = 0; round < 100; round++) {
            int n = 1 + r.nextInt(480);
            int scale = r.nextInt(4);
            long[] ts = new long[n];
            long[] bits = new long[n];
            long m = r.nextInt(1_000_000);
            long t = 1_700_000_000_000L;
            for (int i = 0; i < n; i++) {
                t += 15_000 + r.nextInt(5) + (r.nextInt(50) == 0 ? 15_000 : 0);
                ts[i] = t;
                m += r.nextInt(3) == 0 ? 0 : r.nextInt(2000) - 1000;
                bits[i] = r.nextInt(40) == 0 ? 0x7ff0000000000002L : b(scale == 0 ? (double) m : m / Math.pow(10, scale));
            }
            byte[] dec = roundTrip(ts, bits);
            if (n == 480) {
                BlockXorChunk.Appender x = new BlockXorChunk.Appender(64);
                for (int i = 0; i < n; i++) {
                    x.append(ts[i], bits[i]);
                }
                assertThat(dec.length).isLessThan(x.toByteArray().length);
            }
        }
    }
}
