package ai.gatewayz.obs.storage.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class XorChunkTest {
    private static void roundTrip(long[] ts, long[] bits) {
        XorChunk.Appender a = new XorChunk.Appender();
        for (int i = 0; i < ts.length; i++) {
            a.append(ts[i], bits[i]);
        }
        byte[] chunk = a.toByteArray();
        assertThat(XorChunk.count(chunk)).isEqualTo(ts.length);
        XorChunk.Iterator it = new XorChunk.Iterator().reset(chunk);
        for (int i = 0; i < ts.length; i++) {
            assertThat(it.next()).as("point %d", i).isTrue();
            assertThat(it.t()).as("t %d", i).isEqualTo(ts[i]);
            assertThat(it.bits()).as("bits %d", i).isEqualTo(bits[i]);
        }
        assertThat(it.next()).isFalse();
    }

    @Test
    void aFrozenOpenChunkWritesWhatItHeldThenWhateverIsAppendedLater() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            XorChunk.Appender a = new XorChunk.Appender(8 + r.nextInt(64));
            long t = r.nextLong(1_000_000);
            int before = 1 + r.nextInt(150);
            for (int i = 0; i < before; i++) {
                t += 1 + r.nextInt(20_000);
                a.append(t, Double.doubleToRawLongBits(r.nextInt(4) == 0 ? r.nextGaussian() : r.nextInt(50)));
            }
            byte[] expected = a.toByteArray();
            XorChunk.Frozen frozen = a.freeze();
            for (int i = 0, more = r.nextInt(200); i < more; i++) { // may fill the last byte and move to a larger array
                t += 1 + r.nextInt(20_000);
                a.append(t, Double.doubleToRawLongBits(r.nextGaussian()));
            }
            ai.gatewayz.obs.storage.io.ByteSink sink = new ai.gatewayz.obs.storage.io.ByteSink(16);
            frozen.writeTo(sink);
            assertThat(java.util.Arrays.copyOf(sink.array(), sink.length())).as("round %d", round).isEqualTo(expected);
            assertThat(frozen.byteLength()).isEqualTo(expected.length);
        }
    }

    @Test
    void regularScrapeSeriesCompressesWellAndRoundTrips() {
        int n = 120;
        long[] ts = new long[n];
        long[] bits = new long[n];
        double v = 100;
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 15_000L * i;
            v += i % 3;
            bits[i] = Double.doubleToRawLongBits(v);
        }
        roundTrip(ts, bits);
        XorChunk.Appender a = new XorChunk.Appender();
        for (int i = 0; i < n; i++) {
            a.append(ts[i], bits[i]);
        }
        assertThat(a.byteLength()).isLessThan(n * 2); // well below 2 bytes per point
    }

    @Test
    void everyTimestampBucketAndNaNPayloadRoundTrips() {
        long[] ts = {0, 1, 2, 4, 8200, 8200 + 9000, 8200 + 9000 + 70_000, 400_000, 10_000_000_000L, 10_000_000_001L,
            -5, -4, 3, 3 + (1L << 40), Long.MAX_VALUE / 4};
        long[] bits = {0x7ff0000000000002L, 0x7ff8000000000001L, 0x7ff8000000000000L, Double.doubleToRawLongBits(-0.0),
            0, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(1.5), 1, -1, 0x8000000000000000L,
            0x7ff0000000000002L, 123456789L, Double.doubleToRawLongBits(Double.MIN_VALUE), Double.doubleToRawLongBits(1e300), 5};
        roundTrip(ts, bits);
    }

    @Test
    void randomisedRoundTrip() {
        Random r = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(300);
            long[] ts = new long[n];
            long[] bits = new long[n];
            long t = r.nextLong() >> 20;
            for (int i = 0; i < n; i++) {
                t += switch (r.nextInt(4)) {
                    case 0 -> 15_000;
                    case 1 -> r.nextInt(100_000);
                    case 2 -> r.nextInt(1 << 22);
                    default -> r.nextLong() >>> 30;
                };
                ts[i] = t;
                bits[i] = switch (r.nextInt(4)) {
                    case 0 -> i > 0 ? bits[i - 1] : 0;
                    case 1 -> Double.doubleToRawLongBits(r.nextInt(1000));
                    case 2 -> Double.doubleToRawLongBits(r.nextGaussian());
                    default -> r.nextLong();
                };
            }
            roundTrip(ts, bits);
        }
    }

    @Test
    void iteratorIsReusableAcrossChunks() {
        XorChunk.Appender a = new XorChunk.Appender();
        a.append(10, 1);
        XorChunk.Appender b = new XorChunk.Appender();
        b.append(20, 2);
        b.append(30, 3);
        XorChunk.Iterator it = new XorChunk.Iterator();
        it.reset(a.toByteArray());
        assertThat(it.next()).isTrue();
        it.reset(b.toByteArray());
        assertThat(it.next()).isTrue();
        assertThat(it.t()).isEqualTo(20);
        assertThat(it.next()).isTrue();
        assertThat(it.bits()).isEqualTo(3);
        assertThat(it.next()).isFalse();
    }
}
