package ai.gatewayz.obs.storage.chunkenc;

/**
 * The XOR chunk variant written into persisted blocks: the same layout and value encoding as
 * {@link XorChunk}, but timestamp delta-of-deltas get a 7-bit bucket first, as in the Gorilla
 * paper. Scrape timestamps jitter by a few milliseconds, so most dods are small but not zero:
 * they cost 9 bits here instead of 16 in {@link XorChunk}.
 *
 * <pre>
 * bytes 0-1   point count, big-endian uint16
 * point 0     t as zig-zag varint (8-bit groups), value as 64 raw bits
 * point 1     (t1 - t0) as zig-zag varint, value XOR-encoded
 * point n     dod: '0' = 0 | '10' 7 bits | '110' 14 bits | '1110' 20 bits | '1111' 64 bits
 *             value: as XorChunk
 * </pre>
 *
 * Documented in docs/formats/block.md. Not thread-safe; finished arrays are immutable by convention.
 */
public final class BlockXorChunk {
    private BlockXorChunk() {
    }

    /** Appends points to a new chunk. */
    public static final class Appender {
        private final BitWriter w;
        private int count;
        private long t;
        private long tDelta;
        private long v;
        private int leading = 0xFF;
        private int trailing;

        public Appender(int capacityBytes) {
            w = new BitWriter(capacityBytes);
            w.writeBits(0, 16);
        }

        public int count() {
            return count;
        }

        public byte[] toByteArray() {
            return w.toByteArray();
        }

        public void append(long ts, long valueBits) {
            if (count == XorChunk.MAX_POINTS) {
                throw new IllegalStateException("chunk full [points=" + count + "]");
            }
            if (count == 0) {
                writeVarint(ts);
                w.writeBits(valueBits, 64);
            } else if (count == 1) {
                tDelta = ts - t;
                writeVarint(tDelta);
                writeValue(valueBits);
            } else {
                long delta = ts - t;
                long dod = delta - tDelta;
                if (dod == 0) {
                    w.writeBit(false);
                } else if (fits(dod, 7)) {
                    w.writeBits(0b10, 2);
                    w.writeBits(dod, 7);
                } else if (fits(dod, 14)) {
                    w.writeBits(0b110, 3);
                    w.writeBits(dod, 14);
                } else if (fits(dod, 20)) {
                    w.writeBits(0b1110, 4);
                    w.writeBits(dod, 20);
                } else {
                    w.writeBits(0b1111, 4);
                    w.writeBits(dod, 64);
                }
                tDelta = delta;
                writeValue(valueBits);
            }
            t = ts;
            v = valueBits;
            count++;
            byte[] a = w.array();
            a[0] = (byte) (count >>> 8);
            a[1] = (byte) count;
        }

        private static boolean fits(long x, int nbits) {
            return x >= -(1L << (nbits - 1)) && x < (1L << (nbits - 1));
        }

        private void writeVarint(long x) {
            long u = (x << 1) ^ (x >> 63);
            while ((u & ~0x7FL) != 0) {
                w.writeBits((u & 0x7F) | 0x80, 8);
                u >>>= 7;
            }
            w.writeBits(u, 8);
        }

        private void writeValue(long bits) {
            long x = bits ^ v;
            if (x == 0) {
                w.writeBit(false);
                return;
            }
            w.writeBit(true);
            int lead = Math.min(31, Long.numberOfLeadingZeros(x));
            int trail = Long.numberOfTrailingZeros(x);
            if (leading != 0xFF && lead >= leading && trail >= trailing) {
                w.writeBit(false);
                w.writeBits(x >>> trailing, 64 - leading - trailing);
                return;
            }
            leading = lead;
            trailing = trail;
            int sig = 64 - lead - trail;
            w.writeBit(true);
            w.writeBits(lead, 5);
            w.writeBits(sig == 64 ? 0 : sig, 6);
            w.writeBits(x >>> trail, sig);
        }
    }

    /** Decodes a chunk. Reusable via {@link #reset(byte[], int)}. Not thread-safe. */
    public static final class Iterator {
        private final BitReader r = new BitReader();
        private int total;
        private int read;
        private long t;
        private long tDelta;
        private long v;
        private int leading;
        private int trailing;

        public Iterator reset(byte[] chunk, int len) {
            total = XorChunk.count(chunk);
            read = 0;
            r.reset(chunk, (long) len * 8);
            r.readBits(16);
            leading = 0;
            trailing = 0;
            return this;
        }

        public boolean next() {
            if (read >= total) {
                return false;
            }
            if (read == 0) {
                t = readVarint();
                v = r.readBits(64);
            } else if (read == 1) {
                tDelta = readVarint();
                t += tDelta;
                readValue();
            } else {
                long dod;
                if (!r.readBit()) {
                    dod = 0;
                } else if (!r.readBit()) {
                    dod = signExtend(r.readBits(7), 7);
                } else if (!r.readBit()) {
                    dod = signExtend(r.readBits(14), 14);
                } else if (!r.readBit()) {
                    dod = signExtend(r.readBits(20), 20);
                } else {
                    dod = r.readBits(64);
                }
                tDelta += dod;
                t += tDelta;
                readValue();
            }
            read++;
            return true;
        }

        public long t() {
            return t;
        }

        public long bits() {
            return v;
        }

        private static long signExtend(long x, int n) {
            return (x << (64 - n)) >> (64 - n);
        }

        private long readVarint() {
            long u = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                long b = r.readBits(8);
                u |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (u >>> 1) ^ -(u & 1);
                }
            }
            throw new ai.gatewayz.obs.storage.io.CorruptDataException("varint overflows 64 bits in chunk");
        }

        private void readValue() {
            if (!r.readBit()) {
                return;
            }
            if (r.readBit()) {
                leading = (int) r.readBits(5);
                int sig = (int) r.readBits(6);
                if (sig == 0) {
                    sig = 64;
                }
                trailing = 64 - leading - sig;
            }
            int sig = 64 - leading - trailing;
            v ^= r.readBits(sig) << trailing;
        }
    }
}
