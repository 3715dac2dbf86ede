package ai.gatewayz.obs.storage.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockXorChunkTest {
    private static byte[] roundTrip(long[] ts, long[] bits) {
        BlockXorChunk.Appender a = new BlockXorChunk.Appender(16);
        for (int i = 0; i < ts.length; i++) {
            a.append(ts[i], bits[i]);
        }
        byte[] chunk = a.toByteArray();
        assertThat(XorChunk.count(chunk)).isEqualTo(ts.length);
        BlockXorChunk.Iterator it = new BlockXorChunk.Iterator().reset(chunk, chunk.length);
        for (int i = 0; i < ts.length; i++) {
            assertThat(it.next()).as("point %d", i).isTrue();
            assertThat(it.t()).as("t %d", i).isEqualTo(ts[i]);
            assertThat(it.bits()).as("bits %d", i).isEqualTo(bits[i]);
        }
        assertThat(it.next()).isFalse();
        return chunk;
    }

    @Test
    void everyTimestampBucketAndNaNPayloadRoundTrips() {
        long[] ts = {0, 1, 2, 4, 70, 140, 8200, 8200 + 9000, 8200 + 9000 + 70_000, 400_000, 10_000_000_000L, 10_000_000_001L,
            -5, -4, 3, 3 + (1L << 40), Long.MAX_VALUE / 4};
        long[] bits = new long[ts.length];
        long[] payloads = {0x7ff0000000000002L, 0x7ff8000000000001L, 0x7ff8000000000000L, Double.doubleToRawLongBits(-0.0), 0, 1, -1};
        for (int i = 0; i < ts.length; i++) {
            bits[i] = payloads[i % payloads.length];
        }
        roundTrip(ts, bits);
    }

    @Test
    void jitteredScrapeTimestampsCostLessThanInXorChunk() {
        Random r = new Random(7);
        int n = 480;
        long[] ts = new long[n];
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + 15_000L * i + r.nextInt(5);
            bits[i] = Double.doubleToRawLongBits(i * 7.0);
        }
        byte[] small = roundTrip(ts, bits);
        XorChunk.Appender x = new XorChunk.Appender();
        for (int i = 0; i < n; i++) {
            x.append(ts[i], bits[i]);
        }
        assertThat(small.length).isLessThan(x.byteLength() - n * 6 / 8); // ≥ 6 of the 7 saved bits per jittered point
    }

    @Test
    void randomisedRoundTrip() {
        Random r = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(300);
            long[] ts = new long[n];
            long[] bits = new long[n];
            long t = r.nextLong() >> 20;
            long step = r.nextInt(100_000);
            for (int i = 0; i < n; i++) {
                int kind = r.nextInt(6);
                t += step + switch (kind) {
                    case 0 -> 0;
                    case 1 -> r.nextInt(128) - 64;
                    case 2 -> r.nextInt(16_000) - 8000;
                    case 3 -> r.nextInt(1_000_000) - 500_000;
                    default -> r.nextInt(1 << 30);
                };
                ts[i] = t;
                bits[i] = r.nextInt(3) == 0 ? bits[Math.max(0, i - 1)] : r.nextLong() >>> r.nextInt(64);
            }
            roundTrip(ts, bits);
        }
    }
}
