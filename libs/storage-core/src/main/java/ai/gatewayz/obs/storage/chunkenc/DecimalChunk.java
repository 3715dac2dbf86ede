package ai.gatewayz.obs.storage.chunkenc;

/**
 * A chunk for series whose values are decimals with few digits (counters, gauges rounded to cents):
 * each value is stored as an integer {@code m} with one decimal scale {@code k} per chunk, so that
 * {@code value = m / 10^k} reproduces the original bits exactly; integers are delta-encoded in
 * small bit buckets. Values that are not finite decimals (NaN, such as staleness markers,
 * infinities, -0.0) are stored as raw bits behind an escape code. {@link #encode} returns null when
 * some finite value has no exact short decimal form; the caller then uses another encoding.
 *
 * <pre>
 * bytes 0-1   point count, big-endian uint16
 * bits  4     scale k (0..15)
 * point 0     t zig-zag varint (8-bit groups)            | value
 * point 1     (t1 - t0) zig-zag varint                    | value
 * point n     dod as BlockXorChunk ({@link DodBuckets#BLOCK}) ('0' | '10'+7 | '110'+14 | '1110'+20 | '1111'+64) | value
 * value       d = m - previous m:  '0' d = 0 | '10' 7 bits | '110' 14 bits | '1110' 24 bits
 *             | '11110' 64 bits | '11111' 64 raw value bits (m unchanged)
 * </pre>
 *
 * Documented in docs/formats/block.md. Stateless, thread-safe (the iterator is not).
 */
public final class DecimalChunk {
    static final int MAX_SCALE = 6;
    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    private static final long LIMIT = 1L << 53;

    private DecimalChunk() {
    }

    static boolean special(long bits) {
        double v = Double.longBitsToDouble(bits);
        return Double.isNaN(v) || Double.isInfinite(v) || bits == 0x8000000000000000L;
    }

    /** The integer {@code m} of a non-special value at scale {@code k} (valid once {@link #scaleOf} accepted k). */
    static long scaled(long bits, int k) {
        return Math.round(Double.longBitsToDouble(bits) * POW10[k]);
    }

    static double decode(long m, int k) {
        return k == 0 ? (double) m : m / POW10[k];
    }

    /** The smallest scale at which every non-special value round-trips exactly, or -1. */
    static int scaleOf(long[] bits, int n) {
        for (int k = 0; k <= MAX_SCALE; k++) {
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                if (special(bits[i])) {
                    continue;
                }
                double v = Double.longBitsToDouble(bits[i]);
                double scaled = v * POW10[k];
                if (!(Math.abs(scaled) < LIMIT)) {
                    return -1;
                }
                long m = Math.round(scaled);
                ok = Double.doubleToRawLongBits(decode(m, k)) == bits[i];
            }
            if (ok) {
                return k;
            }
        }
        return -1;
    }

    /** Encodes {@code n} points (strictly increasing timestamps), or returns null when values are not short decimals. */
    public static byte[] encode(long[] ts, long[] bits, int n) {
        if (n == 0 || n > XorChunk.MAX_POINTS) {
            return null;
        }
        int k = scaleOf(bits, n);
        if (k < 0) {
            return null;
        }
        BitWriter w = new BitWriter(16 + n * 3);
        w.writeBits(n, 16);
        w.writeBits(k, 4);
        long prevM = 0;
        long tDelta = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0) {
                w.writeVarint(ts[0]);
            } else if (i == 1) {
                tDelta = ts[1] - ts[0];
                w.writeVarint(tDelta);
            } else {
                long delta = ts[i] - ts[i - 1];
                DodBuckets.BLOCK.write(w, delta - tDelta);
                tDelta = delta;
            }
            if (special(bits[i])) {
                w.writeBits(0b11111, 5);
                w.writeBits(bits[i], 64);
                continue;
            }
            long m = Math.round(Double.longBitsToDouble(bits[i]) * POW10[k]);
            long d = m - prevM;
            prevM = m;
            if (d == 0) {
                w.writeBit(false);
            } else if (DodBuckets.fits(d, 7)) {
                w.writeBits(0b10, 2);
                w.writeBits(d, 7);
            } else if (DodBuckets.fits(d, 14)) {
                w.writeBits(0b110, 3);
                w.writeBits(d, 14);
            } else if (DodBuckets.fits(d, 24)) {
                w.writeBits(0b1110, 4);
                w.writeBits(d, 24);
            } else {
                w.writeBits(0b11110, 5);
                w.writeBits(d, 64);
            }
        }
        return w.toByteArray();
    }

    /** Decodes a chunk. Reusable via {@link #reset(byte[], int)}. Not thread-safe. */
    public static final class Iterator implements ChunkDecoder {
        private final BitReader r = new BitReader();
        private int total;
        private int read;
        private int k;
        private long t;
        private long tDelta;
        private long m;
        private long bits;

        @Override
        public Iterator reset(byte[] chunk, int len) {
            r.reset(chunk, (long) len * 8);
            total = (int) r.readBits(16);
            k = (int) r.readBits(4);
            read = 0;
            m = 0;
            return this;
        }

        @Override
        public boolean next() {
            if (read >= total) {
                return false;
            }
            if (read == 0) {
                t = r.readVarint();
            } else if (read == 1) {
                tDelta = r.readVarint();
                t += tDelta;
            } else {
                tDelta += DodBuckets.BLOCK.read(r);
                t += tDelta;
            }
            if (r.readBit()) {
                long d;
                boolean raw = false;
                if (!r.readBit()) {
                    d = DodBuckets.signExtend(r.readBits(7), 7);
                } else if (!r.readBit()) {
                    d = DodBuckets.signExtend(r.readBits(14), 14);
                } else if (!r.readBit()) {
                    d = DodBuckets.signExtend(r.readBits(24), 24);
                } else if (!r.readBit()) {
                    d = r.readBits(64);
                } else {
                    d = 0;
                    raw = true;
                }
                if (raw) {
                    bits = r.readBits(64);
                    read++;
                    return true;
                }
                m += d;
            }
            bits = Double.doubleToRawLongBits(decode(m, k));
            read++;
            return true;
        }

        @Override
        public long t() {
            return t;
        }

        @Override
        public long bits() {
            return bits;
        }
    }
}
