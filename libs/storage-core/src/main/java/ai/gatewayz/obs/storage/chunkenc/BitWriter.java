package ai.gatewayz.obs.storage.chunkenc;

import java.util.Arrays;

/** An append-only bit stream, most significant bit first. Not thread-safe. */
public final class BitWriter {
    private byte[] buf;
    private long bits; // number of bits written

    public BitWriter(int capacityBytes) {
        buf = new byte[Math.max(8, capacityBytes)];
    }

    /** Continues writing after the first {@code bitCount} bits of {@code bytes} (which it copies). */
    public static BitWriter resume(byte[] bytes, long bitCount) {
        BitWriter w = new BitWriter(bytes.length + 16);
        System.arraycopy(bytes, 0, w.buf, 0, bytes.length);
        w.bits = bitCount;
        return w;
    }

    public long bitLength() {
        return bits;
    }

    public int byteLength() {
        return (int) ((bits + 7) >>> 3);
    }

    /** The backing array; valid bytes are {@code [0, byteLength())}. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, byteLength());
    }

    /** Free bytes left in the backing array before it must grow. */
    public int spareBytes() {
        return buf.length - byteLength();
    }

    /** Grows the backing array to at least {@code capacityBytes} now, in one copy. */
    public void reserve(int capacityBytes) {
        if (capacityBytes > buf.length) {
            buf = Arrays.copyOf(buf, capacityBytes);
        }
    }

    private void ensure(int extraBits) {
        long needBytes = (bits + extraBits + 7) >>> 3;
        if (needBytes > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(buf.length * 2L, needBytes + 8));
        }
    }

    public void writeBit(boolean bit) {
        ensure(1);
        if (bit) {
            buf[(int) (bits >>> 3)] |= (byte) (0x80 >>> (bits & 7));
        }
        bits++;
    }

    /** Writes the low {@code n} bits of {@code v} (0 ≤ n ≤ 64), most significant first. */
    public void writeBits(long v, int n) {
        ensure(n);
        while (n > 0) {
            int byteIdx = (int) (bits >>> 3);
            int free = 8 - (int) (bits & 7);
            int take = Math.min(free, n);
            int chunk = (int) ((v >>> (n - take)) & ((1L << take) - 1));
            buf[byteIdx] |= (byte) (chunk << (free - take));
            bits += take;
            n -= take;
        }
    }

    /** Writes {@code u} as an unsigned varint of 8-bit groups (7 payload bits, high bit = more follow). */
    public void writeUvarint(long u) {
        while ((u & ~0x7FL) != 0) {
            writeBits((u & 0x7F) | 0x80, 8);
            u >>>= 7;
        }
        writeBits(u, 8);
    }

    /** Writes {@code x} zig-zag encoded as {@link #writeUvarint}. */
    public void writeVarint(long x) {
        writeUvarint((x << 1) ^ (x >> 63));
    }
}
