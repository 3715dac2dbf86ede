package ai.gatewayz.obs.storage.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with varint, fixed-width and string writers. Not thread-safe; reusable
 * after {@link #reset()}.
 */
public final class ByteSink {
    private byte[] buf;
    private int len;

    public ByteSink() {
        this(256);
    }

    public ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public ByteSink reset() {
        len = 0;
        return this;
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public ByteSink putByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    public ByteSink putBytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public ByteSink putBytes(byte[] b) {
        return putBytes(b, 0, b.length);
    }

    public ByteSink putInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public ByteSink putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    /** Unsigned LEB128. */
    public ByteSink putUvarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
        return this;
    }

    /** Zig-zag signed LEB128. */
    public ByteSink putVarint(long v) {
        return putUvarint((v << 1) ^ (v >> 63));
    }

    /** Uvarint length, then UTF-8 bytes. */
    public ByteSink putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putUvarint(b.length);
        return putBytes(b);
    }

    /** Overwrites 4 bytes at {@code pos} (big-endian). */
    public void setInt(int pos, int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
    }
}
