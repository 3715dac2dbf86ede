package ai.gatewayz.obs.storage.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PackedChunk: exact round trips (random and adversarial), sizes on scrape-like data, corrupt headers refused. */
class PackedChunkTest {
    private static final long STALE = 0x7ff0000000000002L;
    private final PackedChunk.Encoder enc = new PackedChunk.Encoder();
    private final PackedChunk.Iterator it = new PackedChunk.Iterator();

    private byte[] roundTrip(long[] ts, long[] bits) {
        byte[] chunk = enc.encode(ts, bits, ts.length);
        // decode from a larger, dirty buffer as the block reader does (reused buffer, bytes past len)
        byte[] dirty = Arrays.copyOf(chunk, chunk.length + 13);
        Arrays.fill(dirty, chunk.length, dirty.length, (byte) 0xA5);
        it.reset(dirty, chunk.length);
        assertThat(it.count()).isEqualTo(ts.length);
        for (int i = 0; i < ts.length; i++) {
            assertThat(it.next()).as("point %d", i).isTrue();
            assertThat(it.t()).as("t %d", i).isEqualTo(ts[i]);
            assertThat(it.bits()).as("bits %d of %s", i, Double.longBitsToDouble(bits[i])).isEqualTo(bits[i]);
        }
        assertThat(it.next()).isFalse();
        assertThat(it.next()).isFalse();
        return chunk;
    }

    private static long b(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static long[] scrapeTimes(Random r, int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + i * 15_000L + r.nextInt(5);
        }
        return ts;
    }

    @Test
    void harnessLikeCountersCostAboutOneBytePerPoint() {
        Random r = new Random(3);
        long[] ts = scrapeTimes(r, 480);
        long[] bits = new long[480];
        double v = 500;
        for (int i = 0; i < 480; i++) {
            v += r.nextInt(20);
            bits[i] = b(v);
        }
        byte[] chunk = roundTrip(ts, bits);
        // log2(5) bits of jitter (grid residual) + log2(20) bits of step per point, radix-packed, plus a small header
        assertThat(chunk.length).isLessThan(480 * 67 / 80 + 32);
        BlockXorChunk.Appender x = new BlockXorChunk.Appender(1024);
        for (int i = 0; i < 480; i++) {
            x.append(ts[i], bits[i]);
        }
        assertThat(chunk.length * 2).isLessThan(x.toByteArray().length);
        assertThat(chunk.length * 2).isLessThan(DecimalChunk.encode(ts, bits, 480).length);
    }

    @Test
    void centGaugesStayExactAndSmall() {
        Random r = new Random(4);
        long[] ts = scrapeTimes(r, 480);
        long[] bits = new long[480];
        double v = 300;
        for (int i = 0; i < 480; i++) {
            v = Math.round((v + r.nextGaussian()) * 100) / 100.0;
            bits[i] = b(v);
        }
        byte[] chunk = roundTrip(ts, bits);
        assertThat(chunk.length).isLessThan(480 * 12 / 8 + 40); // ≈ 2.3 + 9-10 bits per point
    }

    @Test
    void adversarialShapesRoundTrip() {
        Random r = new Random(5);
        // one point; two points
        roundTrip(new long[] {42}, new long[] {b(1.5)});
        roundTrip(new long[] {Long.MIN_VALUE}, new long[] {STALE});
        roundTrip(new long[] {-5, Long.MAX_VALUE}, new long[] {b(-0.0), b(Double.NEGATIVE_INFINITY)});
        // all equal: width 0 lanes
        long[] ts = new long[480];
        long[] bits = new long[480];
        for (int i = 0; i < 480; i++) {
            ts[i] = i * 60_000L;
            bits[i] = b(7.25);
        }
        assertThat(roundTrip(ts, bits).length).isLessThan(20);
        // huge gaps and extreme timestamps: exceptions, not wide lanes
        for (int i = 0; i < 480; i++) {
            ts[i] = i * 15_000L + (i > 200 ? 86_400_000L * 365 : 0) + (i > 400 ? Long.MAX_VALUE / 2 : 0);
            bits[i] = b(i);
        }
        assertThat(roundTrip(ts, bits).length).isLessThan(480 / 8 + 60);
        ts[0] = Long.MIN_VALUE;
        ts[479] = Long.MAX_VALUE;
        roundTrip(ts, bits);
        // NaNs with payloads, staleness markers, ±Inf, -0.0, negative and mixed-scale values
        long[] specials = {STALE, 0x7ff8000000000001L, 0xfff8000000000000L, b(Double.POSITIVE_INFINITY),
            b(Double.NEGATIVE_INFINITY), b(-0.0), b(0.0), b(-1e15), b(1e15), b(-12.345), b(0.001), b(Double.MIN_VALUE),
            b(Double.MAX_VALUE), b(-3), b(1e-300)};
        for (int i = 0; i < 480; i++) {
            ts[i] = 1000L * i;
            bits[i] = specials[r.nextInt(specials.length)];
        }
        roundTrip(ts, bits);
        // decimals with stale markers interleaved, including first and last point
        for (int i = 0; i < 480; i++) {
            bits[i] = i % 7 == 0 || i == 479 ? STALE : b(-50 + i * 0.25);
        }
        roundTrip(ts, bits);
        // all specials
        Arrays.fill(bits, STALE);
        roundTrip(ts, bits);
        // one value jump in an otherwise flat counter
        for (int i = 0; i < 480; i++) {
            bits[i] = b(i < 300 ? 10 : 1e12);
        }
        assertThat(roundTrip(ts, bits).length).isLessThan(60);
        // the largest chunk the header allows
        long[] bigT = new long[XorChunk.MAX_POINTS];
        long[] bigV = new long[XorChunk.MAX_POINTS];
        for (int i = 0; i < bigT.length; i++) {
            bigT[i] = i * 10L + r.nextInt(3);
            bigV[i] = b(r.nextInt(1000) / 10.0);
        }
        roundTrip(bigT, bigV);
    }

    @Test
    void randomSeriesRoundTrip() {
        Random r = new Random(6);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(480);
            long[] ts = new long[n];
            long[] bits = new long[n];
            long t = r.nextLong() >> r.nextInt(64);
            long interval = 1 + r.nextInt(60_000);
            int scale = r.nextInt(8);
            long m = r.nextLong() >> (12 + r.nextInt(52));
            for (int i = 0; i < n; i++) {
                t += interval + r.nextInt(1 + r.nextInt(20)) + (r.nextInt(40) == 0 ? r.nextInt(1 << 20) : 0);
                ts[i] = t;
                m += r.nextInt(4) == 0 ? 0 : r.nextInt(1 + r.nextInt(100_000)) - 500;
                bits[i] = switch (r.nextInt(30)) {
                    case 0 -> STALE;
                    case 1 -> r.nextLong();
                    default -> b(m / Math.pow(10, scale));
                };
            }
            roundTrip(ts, bits);
        }
    }

    @Test
    void everyDoubleBitPatternRoundTrips() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(480);
            long[] ts = new long[n];
            long[] bits = new long[n];
            for (int i = 0; i < n; i++) {
                ts[i] = (i == 0 ? r.nextLong() >> 2 : ts[i - 1] + 1 + (r.nextBoolean() ? r.nextInt(100) : r.nextLong() >>> 40));
                bits[i] = switch (r.nextInt(4)) {
                    case 0 -> r.nextLong();
                    case 1 -> 0x7ff0000000000000L | (r.nextLong() & 0x000fffffffffffffL) | (r.nextBoolean() ? 1L << 63 : 0);
                    case 2 -> b(r.nextDouble() * 1e6);
                    default -> b(r.nextInt(1000) / 100.0);
                };
            }
            roundTrip(ts, bits);
        }
    }

    @Test
    void corruptHeadersAreRefusedWithTheField() {
        long[] ts = {1000, 2000, 3500};
        long[] bits = {b(1), b(2), b(4)};
        byte[] good = enc.encode(ts, bits, 3);
        byte[] zero = good.clone();
        zero[0] = 0;
        zero[1] = 0;
        assertThatThrownBy(() -> it.reset(zero, zero.length)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk header invalid [points=0]");
        byte[] mode = good.clone();
        mode[2] = (byte) ((mode[2] & 0x0F) | 0xC0); // time mode 3
        assertThatThrownBy(() -> it.reset(mode, mode.length)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk header invalid [timeMode=3]");
        byte[] scale = good.clone();
        scale[2] = (byte) ((scale[2] & 0xF0) | 0x0F); // scale 15 in DECIMAL mode
        assertThatThrownBy(() -> it.reset(scale, scale.length)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk header invalid [scale=15, valueMode=0]");
        assertThatThrownBy(() -> it.reset(good, 2)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk too short [bytes=2]");
        byte[] many = good.clone();
        many[0] = 0x7F; // 32k points declared, a few bytes present (lanes are not width 0)
        assertThatThrownBy(() -> it.reset(many, many.length)).isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith("bit stream exhausted");
        for (int cut = 3; cut < good.length; cut++) {
            int len = cut;
            assertThatThrownBy(() -> it.reset(good, len)).as("truncated to %d", len).isInstanceOf(CorruptDataException.class);
        }
        assertThatThrownBy(() -> enc.encode(ts, bits, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void radixGroupsCoverEveryRangeAndGroupLength() {
        Random r = new Random(9);
        for (long radix : new long[] {3, 5, 7, 20, 100, 701, 65_537, PackedChunk.MAX_RADIX}) {
            int g = PackedChunk.digitsPerGroup(radix);
            assertThat(Math.pow(radix, g)).isLessThan(Math.pow(2, 63));
            for (int n : new int[] {2, g, g + 1, 2 * g + 1, 480}) {
                long[] ts = new long[n];
                long[] bits = new long[n];
                for (int i = 0; i < n; i++) {
                    ts[i] = i * 1000L + (i == 0 ? 0 : r.nextLong(radix)); // residual range ≈ radix
                    bits[i] = b(i == 0 ? 0 : r.nextLong(radix) - radix / 2 + i * radix);
                }
                ts[n - 1] = (n - 1) * 1000L + radix - 1; // the full range occurs
                roundTrip(ts, bits);
            }
        }
    }

    /** Two points, DELTA time mode, XOR values, t0 = 0, then the time lane's base 0, {@code kind}, {@code tail} bytes. */
    private static byte[] handMade(int kind, int... tail) {
        BitWriter w = new BitWriter(16);
        w.writeBits(2, 16);
        w.writeBits(PackedChunk.TIME_DELTA, 2);
        w.writeBits(PackedChunk.VALUE_XOR, 2);
        w.writeBits(0, 4);
        w.writeBits(0, 8);
        w.writeBits(0, 8);
        w.writeBits(kind, 7);
        for (int b : tail) {
            w.writeBits(b, 8);
        }
        w.writeBits(0, 64);
        w.writeBits(0, 64);
        return w.toByteArray();
    }

    @Test
    void corruptLanesAreRefusedWithTheField() {
        byte[] ok = handMade(3, 0, 0b10100000); // width 3, no exceptions, delta 5
        it.reset(ok, ok.length);
        assertThat(it.next()).isTrue();
        assertThat(it.next()).isTrue();
        assertThat(it.t()).isEqualTo(5);
        byte[] wide = handMade(127, 0);
        assertThatThrownBy(() -> it.reset(wide, wide.length)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk lane invalid [width=127]");
        byte[] radix = handMade(PackedChunk.RADIX, 2, 0);
        assertThatThrownBy(() -> it.reset(radix, radix.length)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk lane invalid [radix=2]");
        byte[] exc = handMade(0, 5);
        assertThatThrownBy(() -> it.reset(exc, exc.length)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk lane invalid [exceptions=5, entries=1]");
        byte[] negative = handMade(0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01); // uvarint 2^64 - 1
        assertThatThrownBy(() -> it.reset(negative, negative.length)).isInstanceOf(CorruptDataException.class)
                .hasMessage("packed chunk lane invalid [exceptions=18446744073709551615, entries=1]");
    }

    @Test
    void randomBytesNeverDecodeOutOfBoundsOrHang() {
        Random r = new Random(8);
        PackedChunk.Iterator fresh = new PackedChunk.Iterator();
        for (int round = 0; round < 2000; round++) {
            byte[] junk = new byte[3 + r.nextInt(200)];
            r.nextBytes(junk);
            try {
                fresh.reset(junk, junk.length);
                while (fresh.next()) {
                    fresh.t();
                }
            } catch (CorruptDataException expected) {
                // refused with a message: fine
            }
        }
    }
}
