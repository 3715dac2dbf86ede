package ai.gatewayz.obs.storage.io;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} writes from a byte range. Throws {@link CorruptDataException} when
 * the range ends early or a varint overflows. Not thread-safe.
 */
public final class ByteSource {
    private byte[] buf;
    private int pos;
    private int end;

    public ByteSource(byte[] b) {
        this(b, 0, b.length);
    }

    public ByteSource(byte[] b, int off, int len) {
        reset(b, off, len);
    }

    public ByteSource reset(byte[] b, int off, int len) {
        this.buf = b;
        this.pos = off;
        this.end = off + len;
        return this;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n) {
        if (end - pos < n) {
            throw new CorruptDataException("unexpected end of data [need=" + n + ", remaining=" + (end - pos) + "]");
        }
    }

    public int getByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int getInt() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long getLong() {
        long hi = getInt() & 0xFFFFFFFFL;
        long lo = getInt() & 0xFFFFFFFFL;
        return (hi << 32) | lo;
    }

    public long getUvarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new CorruptDataException("varint overflows 64 bits");
    }

    public long getVarint() {
        long u = getUvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    public int getUvarintInt() {
        long v = getUvarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptDataException("length out of range [value=" + v + "]");
        }
        return (int) v;
    }

    public byte[] getBytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public String getString() {
        int n = getUvarintInt();
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }
}
