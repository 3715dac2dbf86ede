package ai.gatewayz.obs.storage.chunkenc;

import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A persisted chunk in patched frame-of-reference form: per chunk, timestamps and values become
 * integer "lanes" that are packed at one fixed bit width each, chosen per chunk, with outliers kept
 * in an exception list so that one long gap or one jump does not widen every point. Scrape data
 * (interval with a few ms of jitter, counters with small steps, gauges in cents) costs the
 * near-entropy minimum of a fixed-range code: 0-4 ms of jitter costs log2(5) = 2.3 bits and
 * counter steps of 0-19 log2(20) = 4.3 bits, in radix-packed groups.
 *
 * <pre>
 * bits 16   point count n (1..65535)
 * bits 2    time mode: 0 DELTA (lane = t[i] - t[i-1]) | 1 GRID (lane = t[i] - t[0] - i × step)
 * bits 2    value mode: 0 DECIMAL (lane = m[i] - m[prev], value = m / 10^k) | 1 XOR (lane = bits[i] ^ bits[i-1])
 * bits 4    scale k (DECIMAL: 0..6; XOR: 0)
 * varint    t[0]                         (zig-zag, 8-bit groups as in DecimalChunk)
 * n > 1:    GRID: varint step;  lane of n-1 entries (points 1..n-1)
 * DECIMAL:  uvarint s; s × (position: bitsFor(n-1) bits, raw value: 64 bits)   specials, increasing
 *           s < n: varint m of the first non-special point; lane of n-s-1 entries (the other non-specials)
 * XOR:      64 raw bits of value 0; n > 1: lane of n-1 entries
 * lane      varint base | 7 bits kind: width w (0..64) or 65 = RADIX followed by uvarint R (3..2^20)
 *           | uvarint e (exceptions, ≤ entries)
 *           | width w: entries × w bits (entry - base, unsigned; 0 in exception slots)
 *           | RADIX: groups of g entries (g = most digits with R^g < 2^63; the last group may be
 *             shorter), each sum(d[j] × R^j) in bitsFor(R^size - 1) bits, d = entry - base
 *             (0 in exception slots), the group's first entry the least significant digit
 *           | e × (position: bitsFor(entries-1) bits, increasing | entry: 64 raw bits)
 * </pre>
 *
 * All arithmetic is two's complement and wraps, so every long timestamp and every value's bits
 * round-trip exactly; specials (NaN payloads such as the staleness marker, ±Inf, -0.0) are kept as
 * raw bits. Documented in docs/formats/block.md. {@link Encoder} and {@link Iterator} are reusable
 * and not thread-safe.
 */
public final class PackedChunk {
    static final int TIME_DELTA = 0;
    static final int TIME_GRID = 1;
    static final int VALUE_DECIMAL = 0;
    static final int VALUE_XOR = 1;
    /** Lane kind after the binary widths 0..64: entries are digits of radix R, packed in groups. */
    static final int RADIX = 65;
    static final long MAX_RADIX = 1L << 20;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PackedChunk() {
    }

    /** Encodes {@code n} points (1 ≤ n ≤ 65535, increasing timestamps) with a fresh {@link Encoder}. */
    public static byte[] encode(long[] ts, long[] bits, int n) {
        return new Encoder().encode(ts, bits, n);
    }

    static int bitsFor(long x) {
        return x <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(x);
    }

    /** The most radix-{@code r} digits whose group value stays below 2^63. */
    static int digitsPerGroup(long r) {
        long limit = Long.MAX_VALUE / r;
        int g = 0;
        for (long p = 1; p <= limit; p *= r) {
            g++;
        }
        return g;
    }

    /** Bits of a group of {@code take} radix-{@code r} digits: bitsFor(r^take - 1). */
    static int groupBits(long r, int take) {
        long p = 1;
        for (int i = 0; i < take; i++) {
            p *= r;
        }
        return bitsFor(p - 1);
    }

    /** Packed bits of {@code c} radix-{@code r} entries. */
    static long radixBits(long r, int c) {
        int g = digitsPerGroup(r);
        long bits = (long) (c / g) * groupBits(r, g);
        return c % g == 0 ? bits : bits + groupBits(r, c % g);
    }

    private static long zigzag(long x) {
        return (x << 1) ^ (x >> 63);
    }

    private static int uvarintBits(long u) {
        int groups = 1;
        while ((u & ~0x7FL) != 0) {
            u >>>= 7;
            groups++;
        }
        return groups * 8;
    }

    /** Chooses encodings per chunk and writes them. Reusable; not thread-safe. */
    public static final class Encoder {
        private long[] tDelta = new long[0];
        private long[] tGrid = new long[0];
        private long[] vDec = new long[0];
        private long[] vXor = new long[0];
        private long[] sorted = new long[0];
        private int[] special = new int[0];
        // the last plan()
        private long base;
        private int width;
        private long radix;
        private final long[] deltaPlan = new long[3];
        private final long[] gridPlan = new long[3];
        private final long[] decPlan = new long[3];
        private final long[] xorPlan = new long[3];
        private long firstM;

        private void ensure(int n) {
            if (tDelta.length < n) {
                tDelta = new long[n];
                tGrid = new long[n];
                vDec = new long[n];
                vXor = new long[n];
                sorted = new long[n];
                special = new int[n];
            }
        }

        private void save(long[] to) {
            to[0] = base;
            to[1] = width;
            to[2] = radix;
        }

        private void restore(long[] from) {
            base = from[0];
            width = (int) from[1];
            radix = from[2];
        }

        public byte[] encode(long[] ts, long[] bits, int n) {
            if (n <= 0 || n > XorChunk.MAX_POINTS) {
                throw new IllegalArgumentException("points out of range [points=" + n + "]");
            }
            ensure(n);
            // time lane: DELTA vs GRID (step = median delta), whichever is smaller
            int timeMode = TIME_DELTA;
            long step = 0;
            if (n > 1) {
                for (int i = 1; i < n; i++) {
                    tDelta[i - 1] = ts[i] - ts[i - 1];
                }
                long deltaCost = plan(tDelta, n - 1);
                save(deltaPlan);
                step = sorted[(n - 1) / 2];
                for (int i = 1; i < n; i++) {
                    tGrid[i - 1] = ts[i] - ts[0] - i * step;
                }
                long gridCost = plan(tGrid, n - 1) + uvarintBits(zigzag(step));
                save(gridPlan);
                timeMode = gridCost < deltaCost ? TIME_GRID : TIME_DELTA;
            }
            // values: DECIMAL (when every finite value is a short decimal) vs XOR, whichever is smaller
            int k = DecimalChunk.scaleOf(bits, n);
            int specials = k >= 0 ? countSpecials(bits, n) : 0;
            long xorCost = 64;
            if (n > 1) {
                for (int i = 1; i < n; i++) {
                    vXor[i - 1] = bits[i] ^ bits[i - 1];
                }
                xorCost += plan(vXor, n - 1);
                save(xorPlan);
            }
            int valueMode = k >= 0 && decimalLane(bits, n, k, specials) < xorCost ? VALUE_DECIMAL : VALUE_XOR;
            if (valueMode == VALUE_DECIMAL) {
                save(decPlan);
            }

            BitWriter w = new BitWriter(16 + n * 2);
            w.writeBits(n, 16);
            w.writeBits(timeMode, 2);
            w.writeBits(valueMode, 2);
            w.writeBits(valueMode == VALUE_DECIMAL ? k : 0, 4);
            w.writeVarint(ts[0]);
            if (n > 1) {
                if (timeMode == TIME_GRID) {
                    w.writeVarint(step);
                    restore(gridPlan);
                    writeLane(w, tGrid, n - 1);
                } else {
                    restore(deltaPlan);
                    writeLane(w, tDelta, n - 1);
                }
            }
            if (valueMode == VALUE_XOR) {
                w.writeBits(bits[0], 64);
                if (n > 1) {
                    restore(xorPlan);
                    writeLane(w, vXor, n - 1);
                }
            } else {
                int posBits = bitsFor(n - 1);
                w.writeUvarint(specials);
                for (int i = 0; i < specials; i++) {
                    w.writeBits(special[i], posBits);
                    w.writeBits(bits[special[i]], 64);
                }
                if (specials < n) {
                    w.writeVarint(firstM);
                    int c = n - specials - 1;
                    if (c > 0) {
                        restore(decPlan);
                        writeLane(w, vDec, c);
                    }
                }
            }
            return w.toByteArray();
        }

        private int countSpecials(long[] bits, int n) {
            int s = 0;
            for (int i = 0; i < n; i++) {
                if (DecimalChunk.special(bits[i])) {
                    special[s++] = i;
                }
            }
            return s;
        }

        /** Fills {@code vDec} with integer deltas of the non-special values after the first and plans it; returns the section's cost. */
        private long decimalLane(long[] bits, int n, int k, int s) {
            int c = -1;
            long prev = 0;
            for (int i = 0; i < n; i++) {
                if (DecimalChunk.special(bits[i])) {
                    continue;
                }
                long m = DecimalChunk.scaled(bits[i], k);
                if (c < 0) {
                    firstM = m;
                } else {
                    vDec[c] = m - prev;
                }
                prev = m;
                c++;
            }
            long cost = uvarintBits(s) + (long) s * (bitsFor(n - 1) + 64);
            if (c >= 0) {
                cost += uvarintBits(zigzag(firstM));
            }
            if (c > 0) {
                cost += plan(vDec, c);
            }
            return cost;
        }

        /**
         * Picks base and packing for {@code c} entries minimising packed bits plus exception bits:
         * for each binary width, the base is the start of the widest-covering window over the sorted
         * entries; the same window, and the narrowest windows leaving out 1..16 outliers, are also
         * priced in radix form (range R not a power of two: 5 jitter values cost log2(5), not 3 bits).
         */
        private long plan(long[] v, int c) {
            long[] s = sorted;
            System.arraycopy(v, 0, s, 0, c);
            Arrays.sort(s, 0, c);
            int posBits = bitsFor(c - 1);
            best = Long.MAX_VALUE;
            // from the width that covers everything down: exceptions only grow, so stop once they alone cost more
            for (int w = 64 - Long.numberOfLeadingZeros(s[c - 1] - s[0]); w >= 0; w--) {
                int covered;
                int lo;
                if (w == 64) {
                    covered = c;
                    lo = 0;
                } else {
                    long mask = (1L << w) - 1;
                    covered = 0;
                    lo = 0;
                    int i = 0;
                    for (int j = 0; j < c; j++) {
                        while (Long.compareUnsigned(s[j] - s[i], mask) > 0) {
                            i++;
                        }
                        if (j - i + 1 > covered) {
                            covered = j - i + 1;
                            lo = i;
                        }
                    }
                }
                int exc = c - covered;
                long excBits = (long) exc * (posBits + 64);
                if (excBits >= best) {
                    break;
                }
                long fixed = 7 + uvarintBits(exc) + uvarintBits(zigzag(s[lo])) + excBits;
                consider(fixed + (long) c * w, s[lo], w, 0);
                considerRadix(fixed, s[lo], s[lo + covered - 1] - s[lo], c);
            }
            for (int e = 1; e <= Math.min(c - 1, 16); e++) {
                int size = c - e;
                int lo = 0;
                for (int i = 1; i + size <= c; i++) {
                    if (Long.compareUnsigned(s[i + size - 1] - s[i], s[lo + size - 1] - s[lo]) < 0) {
                        lo = i;
                    }
                }
                long fixed = 7 + uvarintBits(e) + uvarintBits(zigzag(s[lo])) + (long) e * (posBits + 64);
                considerRadix(fixed, s[lo], s[lo + size - 1] - s[lo], c);
            }
            return best;
        }

        private long best;

        private void consider(long cost, long b, int kind, long r) {
            if (cost < best) {
                best = cost;
                base = b;
                width = kind;
                radix = r;
            }
        }

        private void considerRadix(long fixed, long b, long range, int c) {
            if (Long.compareUnsigned(range, 2) >= 0 && Long.compareUnsigned(range, MAX_RADIX) < 0) {
                long r = range + 1;
                consider(fixed + uvarintBits(r) + radixBits(r, c), b, RADIX, r);
            }
        }

        /** Writes {@code c} entries of {@code v} with the last {@link #plan}; entries outside the range become exceptions. */
        private void writeLane(BitWriter w, long[] v, int c) {
            long maxOffset = width == RADIX ? radix - 1 : width == 64 ? -1L : (1L << width) - 1;
            int exceptions = 0;
            for (int i = 0; i < c; i++) {
                if (Long.compareUnsigned(v[i] - base, maxOffset) > 0) {
                    exceptions++;
                }
            }
            w.writeVarint(base);
            w.writeBits(width, 7);
            if (width == RADIX) {
                w.writeUvarint(radix);
            }
            w.writeUvarint(exceptions);
            if (width == RADIX) {
                int g = digitsPerGroup(radix);
                for (int i = 0; i < c; i += g) {
                    int take = Math.min(g, c - i);
                    long group = 0;
                    for (int j = take - 1; j >= 0; j--) {
                        long d = v[i + j] - base;
                        group = group * radix + (Long.compareUnsigned(d, maxOffset) <= 0 ? d : 0);
                    }
                    w.writeBits(group, groupBits(radix, take));
                }
            } else {
                for (int i = 0; i < c; i++) {
                    long d = v[i] - base;
                    w.writeBits(Long.compareUnsigned(d, maxOffset) <= 0 ? d : 0, width);
                }
            }
            if (exceptions == 0) {
                return;
            }
            int posBits = bitsFor(c - 1);
            for (int i = 0; i < c; i++) {
                if (Long.compareUnsigned(v[i] - base, maxOffset) > 0) {
                    w.writeBits(i, posBits);
                    w.writeBits(v[i], 64);
                }
            }
        }

    }

    /**
     * Decodes a whole chunk into arrays at {@link #reset} (packed lanes unpack in a tight loop),
     * then steps through them. Reusable; not thread-safe.
     */
    public static final class Iterator implements ChunkDecoder {
        private long[] ts = new long[0];
        private long[] vs = new long[0];
        private int[] spPos = new int[0];
        private long[] spBits = new long[0];
        private int total;
        private int cur = -1;
        private byte[] buf;
        private long pos;
        private long limit;

        @Override
        public Iterator reset(byte[] chunk, int len) {
            total = 0;
            cur = -1;
            buf = chunk;
            pos = 0;
            limit = (long) len * 8;
            if (len < 3) {
                throw new CorruptDataException("packed chunk too short [bytes=" + len + "]");
            }
            int n = (int) bits(16);
            int timeMode = (int) bits(2);
            int valueMode = (int) bits(2);
            int k = (int) bits(4);
            if (n == 0) {
                throw new CorruptDataException("packed chunk header invalid [points=0]");
            }
            if (timeMode > TIME_GRID) {
                throw new CorruptDataException("packed chunk header invalid [timeMode=" + timeMode + "]");
            }
            if (valueMode > VALUE_XOR) {
                throw new CorruptDataException("packed chunk header invalid [valueMode=" + valueMode + "]");
            }
            if (valueMode == VALUE_DECIMAL ? k > DecimalChunk.MAX_SCALE : k != 0) {
                throw new CorruptDataException("packed chunk header invalid [scale=" + k + ", valueMode=" + valueMode + "]");
            }
            if (ts.length < n) {
                ts = new long[n];
                vs = new long[n];
            }
            long t0 = varint();
            ts[0] = t0;
            if (n > 1) {
                if (timeMode == TIME_GRID) {
                    long step = varint();
                    readLane(n - 1, ts, 1);
                    for (int i = 1; i < n; i++) {
                        ts[i] += t0 + i * step;
                    }
                } else {
                    readLane(n - 1, ts, 1);
                    for (int i = 1; i < n; i++) {
                        ts[i] += ts[i - 1];
                    }
                }
            }
            if (valueMode == VALUE_XOR) {
                long v = bits(64);
                vs[0] = v;
                if (n > 1) {
                    readLane(n - 1, vs, 1);
                    for (int i = 1; i < n; i++) {
                        vs[i] ^= vs[i - 1];
                    }
                }
            } else {
                readDecimal(n, k);
            }
            total = n;
            return this;
        }

        private void readDecimal(int n, int k) {
            long s = uvarint();
            if (s < 0 || s > n) {
                throw new CorruptDataException("packed chunk specials out of range [specials=" + Long.toUnsignedString(s) + ", points=" + n + "]");
            }
            if (spPos.length < s) {
                spPos = new int[(int) s];
                spBits = new long[(int) s];
            }
            int posBits = bitsFor(n - 1);
            int prev = -1;
            for (int i = 0; i < s; i++) {
                int p = (int) bits(posBits);
                if (p <= prev || p >= n) {
                    throw new CorruptDataException("packed chunk special position invalid [position=" + p + ", points=" + n + "]");
                }
                spPos[i] = p;
                spBits[i] = bits(64);
                prev = p;
            }
            if (s == n) {
                System.arraycopy(spBits, 0, vs, 0, n);
                return;
            }
            long m = varint();
            // the lane goes right-aligned into vs[s + 1 ..]; point i never lies past the next unread entry
            int first = (int) s + 1;
            int c = n - first;
            if (c > 0) {
                readLane(c, vs, first);
            }
            int j = first - 1;
            int sp = 0;
            for (int i = 0; i < n; i++) {
                if (sp < s && spPos[sp] == i) {
                    vs[i] = spBits[sp++];
                    continue;
                }
                if (j >= first) {
                    m += vs[j];
                }
                j++;
                vs[i] = Double.doubleToRawLongBits(DecimalChunk.decode(m, k));
            }
        }

        /** Unpacks {@code c} lane entries into {@code l[off ..]}. */
        private void readLane(int c, long[] l, int off) {
            long base = varint();
            int w = (int) bits(7);
            long r = 0;
            if (w == RADIX) {
                r = uvarint();
                if (r < 3 || r > MAX_RADIX) {
                    throw new CorruptDataException("packed chunk lane invalid [radix=" + Long.toUnsignedString(r) + "]");
                }
            } else if (w > 64) {
                throw new CorruptDataException("packed chunk lane invalid [width=" + w + "]");
            }
            long e = uvarint();
            if (e < 0 || e > c) {
                throw new CorruptDataException("packed chunk lane invalid [exceptions=" + Long.toUnsignedString(e) + ", entries=" + c + "]");
            }
            long packed = w == RADIX ? radixBits(r, c) : (long) c * w;
            if (pos + packed > limit) {
                throw new CorruptDataException("bit stream exhausted [bits=" + limit + ", need=" + packed + "]");
            }
            if (w == 0) {
                Arrays.fill(l, off, off + c, base);
            } else if (w == RADIX) {
                int g = digitsPerGroup(r);
                int full = groupBits(r, g);
                long p = pos;
                int i = off;
                int end = off + c;
                while (i < end) {
                    int take = Math.min(g, end - i);
                    int gb = take == g ? full : groupBits(r, take);
                    long group = get(p, gb);
                    p += gb;
                    for (int j = 0; j < take; j++) {
                        long q = group / r;
                        l[i++] = base + (group - q * r);
                        group = q;
                    }
                }
                pos = p;
            } else {
                long p = pos;
                for (int i = off, end = off + c; i < end; i++) {
                    l[i] = base + get(p, w);
                    p += w;
                }
                pos = p;
            }
            int posBits = bitsFor(c - 1);
            int prev = -1;
            for (long i = 0; i < e; i++) {
                int at = (int) bits(posBits);
                if (at <= prev || at >= c) {
                    throw new CorruptDataException("packed chunk exception position invalid [position=" + at + ", entries=" + c + "]");
                }
                l[off + at] = bits(64);
                prev = at;
            }
        }

        /** {@code w} (1..64) bits at bit position {@code p}, unchecked. */
        private long get(long p, int w) {
            if (w > 56) {
                int hi = w - 32;
                return (get(p, hi) << 32) | get(p + hi, 32);
            }
            int at = (int) (p >>> 3);
            long word;
            if (at + 8 <= buf.length) {
                word = (long) LONG_BE.get(buf, at);
            } else {
                word = 0;
                for (int i = 0; i < 8; i++) {
                    word = (word << 8) | (at + i < buf.length ? buf[at + i] & 0xFF : 0);
                }
            }
            return (word << (p & 7)) >>> (64 - w);
        }

        private long bits(int n) {
            if (pos + n > limit) {
                throw new CorruptDataException("bit stream exhausted [bits=" + limit + ", need=" + n + "]");
            }
            if (n == 0) {
                return 0;
            }
            long v = get(pos, n);
            pos += n;
            return v;
        }

        private long uvarint() {
            long u = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                long b = bits(8);
                u |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return u;
                }
            }
            throw new CorruptDataException("varint overflows 64 bits in chunk");
        }

        private long varint() {
            long u = uvarint();
            return (u >>> 1) ^ -(u & 1);
        }

        public int count() {
            return total;
        }

        @Override
        public boolean next() {
            if (cur + 1 >= total) {
                return false; // stays on the last point
            }
            cur++;
            return true;
        }

        @Override
        public long t() {
            return ts[cur];
        }

        @Override
        public long bits() {
            return vs[cur];
        }
    }
}
