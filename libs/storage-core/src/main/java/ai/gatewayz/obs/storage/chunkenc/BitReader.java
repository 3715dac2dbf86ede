package ai.gatewayz.obs.storage.chunkenc;

import ai.gatewayz.obs.storage.io.CorruptDataException;

/** Reads a bit stream written by {@link BitWriter}. Not thread-safe; reusable via {@link #reset}. */
public final class BitReader {
    private byte[] buf;
    private long pos;
    private long limit;

    public BitReader reset(byte[] buf, long bitLimit) {
        this.buf = buf;
        this.pos = 0;
        this.limit = bitLimit;
        return this;
    }

    public long position() {
        return pos;
    }

    public boolean readBit() {
        if (pos >= limit) {
            throw new CorruptDataException("bit stream exhausted [bits=" + limit + "]");
        }
        boolean b = (buf[(int) (pos >>> 3)] & (0x80 >>> (pos & 7))) != 0;
        pos++;
        return b;
    }

    /** Reads {@code n} bits (0 ≤ n ≤ 64) as an unsigned value. */
    public long readBits(int n) {
        if (pos + n > limit) {
            throw new CorruptDataException("bit stream exhausted [bits=" + limit + ", need=" + n + "]");
        }
        long v = 0;
        while (n > 0) {
            int byteIdx = (int) (pos >>> 3);
            int avail = 8 - (int) (pos & 7);
            int take = Math.min(avail, n);
            int b = buf[byteIdx] & 0xFF;
            int chunk = (b >>> (avail - take)) & ((1 << take) - 1);
            v = (v << take) | chunk;
            pos += take;
            n -= take;
        }
        return v;
    }

    /** Reads a varint written by {@link BitWriter#writeUvarint}. */
    public long readUvarint() {
        long u = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            long b = readBits(8);
            u |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return u;
            }
        }
        throw new CorruptDataException("varint overflows 64 bits in chunk");
    }

    /** Reads a zig-zag varint written by {@link BitWriter#writeVarint}. */
    public long readVarint() {
        long u = readUvarint();
        return (u >>> 1) ^ -(u & 1);
    }
}
