package ai.gatewayz.obs.storage.chunkenc;

/**
 * Gorilla-style compressed chunk of (int64 timestamp, 64-bit value) points: timestamps as
 * delta-of-delta, values as XOR against the previous value's raw bits. Values are carried as raw
 * {@code long} bits end to end, so every NaN payload survives exactly.
 *
 * <pre>
 * bytes 0-1   point count, big-endian uint16
 * bits  ...   point 0: t as zig-zag varint (8-bit groups), value as 64 raw bits
 *             point 1: (t1 - t0) as zig-zag varint, value XOR-encoded
 *             point n: delta-of-delta dod = (tn - tn-1) - (tn-1 - tn-2):
 *                      '0' dod = 0 | '10' 14 bits | '110' 17 bits | '1110' 20 bits | '1111' 64 bits
 *             value:   '0' same bits | '10' meaningful bits inside the previous window
 *                      | '11' 5 bits leading zeros, 6 bits length (0 = 64), then the bits
 * </pre>
 *
 * The delta-of-delta widths are a {@link DodBuckets} table: this class writes {@link DodBuckets#HEAD},
 * {@link BlockXorChunk} is the same codec with {@link DodBuckets#BLOCK}. Documented in
 * docs/formats/chunks.md. The appender is not thread-safe; finished byte arrays are immutable by
 * convention and may be shared.
 */
public final class XorChunk {
    public static final int HEADER_BYTES = 2;
    public static final int MAX_POINTS = 0xFFFF;

    private XorChunk() {
    }

    /** Number of points recorded in a chunk's header. */
    public static int count(byte[] chunk) {
        return ((chunk[0] & 0xFF) << 8) | (chunk[1] & 0xFF);
    }

    /** Appends points to a new chunk. */
    public static class Appender {
        private final BitWriter w;
        private final DodBuckets dods;
        private int count;
        private long t;
        private long tDelta;
        private long v;
        private int leading = 0xFF;
        private int trailing;

        public Appender() {
            this(128);
        }

        private final int expectedPoints;

        public Appender(int capacityBytes) {
            this(capacityBytes, 0);
        }

        /**
         * @param expectedPoints points the chunk will likely hold; when the first array fills up,
         *     it grows once to the size those points need at the density seen so far, instead of
         *     doubling several times (each discarded array of a long-lived series is old garbage)
         */
        public Appender(int capacityBytes, int expectedPoints) {
            this(capacityBytes, expectedPoints, DodBuckets.HEAD);
        }

        protected Appender(int capacityBytes, int expectedPoints, DodBuckets dods) {
            this.dods = dods;
            w = new BitWriter(capacityBytes);
            w.writeBits(0, 16);
            this.expectedPoints = expectedPoints;
        }

        public int count() {
            return count;
        }

        public int byteLength() {
            return w.byteLength();
        }

        public long lastT() {
            return t;
        }

        public long lastBits() {
            return v;
        }

        /** A copy of the chunk as it is now (header included), readable by {@link Iterator}. */
        public byte[] toByteArray() {
            return w.toByteArray();
        }

        /**
         * The chunk as it is now, without copying it: the appender only ever adds bits past its
         * current length (or moves to a larger array), so the bytes before the last one stay as
         * they are; {@link Frozen#writeTo} restores the header and masks off bits appended later.
         * Capture under the same lock as {@link #append}; the frozen view may be written after the
         * lock is released, while appends go on.
         */
        public Frozen freeze() {
            return new Frozen(w.array(), w.bitLength(), count);
        }

        public void append(long ts, long valueBits) {
            if (count == MAX_POINTS) {
                throw new IllegalStateException("chunk full [points=" + count + "]");
            }
            if (w.spareBytes() < 20 && count >= 4 && count < expectedPoints) {
                // A point takes at most 19 bytes; estimate the whole chunk from its density so far.
                long estimate = (long) w.byteLength() * expectedPoints / count;
                w.reserve((int) Math.min(Integer.MAX_VALUE - 64, estimate + estimate / 8 + 24));
            }
            if (count == 0) {
                w.writeVarint(ts);
                w.writeBits(valueBits, 64);
            } else if (count == 1) {
                tDelta = ts - t;
                w.writeVarint(tDelta);
                writeValue(valueBits);
            } else {
                long delta = ts - t;
                dods.write(w, delta - tDelta);
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

        private void writeValue(long bits) {
            long x = bits ^ v;
            if (x == 0) {
                w.writeBit(false);
                return;
            }
            w.writeBit(true);
            int lead = Math.min(31, Long.numberOfLeadingZeros(x)); // 5 bits
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

    /** An open chunk as it was when {@link Appender#freeze()} was called; see there. */
    public record Frozen(byte[] array, long bitLength, int count) {
        public int byteLength() {
            return (int) ((bitLength + 7) >>> 3);
        }

        /** Appends exactly the bytes {@link Appender#toByteArray()} returned at freeze time. */
        public void writeTo(ai.gatewayz.obs.storage.io.ByteSink sink) {
            int len = byteLength();
            sink.putByte(count >>> 8).putByte(count);
            if (len <= HEADER_BYTES) {
                return;
            }
            sink.putBytes(array, HEADER_BYTES, len - HEADER_BYTES - 1);
            int usedBits = (int) (bitLength & 7);
            int mask = usedBits == 0 ? 0xFF : (0xFF << (8 - usedBits)) & 0xFF;
            sink.putByte(array[len - 1] & mask);
        }
    }

    /** Decodes a chunk. Reusable via {@link #reset(byte[])}. Not thread-safe. */
    public static class Iterator implements ChunkDecoder {
        private final BitReader r = new BitReader();
        private final DodBuckets dods;
        private int total;
        private int read;
        private long t;
        private long tDelta;
        private long v;
        private int leading;
        private int trailing;

        public Iterator() {
            this(DodBuckets.HEAD);
        }

        protected Iterator(DodBuckets dods) {
            this.dods = dods;
        }

        public Iterator reset(byte[] chunk) {
            return reset(chunk, chunk.length);
        }

        @Override
        public Iterator reset(byte[] chunk, int len) {
            total = count(chunk);
            read = 0;
            r.reset(chunk, (long) len * 8);
            r.readBits(16);
            leading = 0;
            trailing = 0;
            return this;
        }

        public int remaining() {
            return total - read;
        }

        @Override
        public boolean next() {
            if (read >= total) {
                return false;
            }
            if (read == 0) {
                t = r.readVarint();
                v = r.readBits(64);
            } else if (read == 1) {
                tDelta = r.readVarint();
                t += tDelta;
                readValue();
            } else {
                tDelta += dods.read(r);
                t += tDelta;
                readValue();
            }
            read++;
            return true;
        }

        @Override
        public long t() {
            return t;
        }

        @Override
        public long bits() {
            return v;
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
            long x = r.readBits(sig) << trailing;
            v ^= x;
        }
    }
}
