package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads varints, big-endian integers and strings from a mapped file without copying it onto the
 * heap. Throws {@link CorruptDataException} naming the file and offset when data ends early. Not
 * thread-safe; cheap to create per lookup.
 */
final class SegmentCursor {
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment seg;
    private final String file;
    private long pos;
    private long end;

    SegmentCursor(MemorySegment seg, String file) {
        this.seg = seg;
        this.file = file;
        this.end = seg.byteSize();
    }

    SegmentCursor at(long position) {
        return at(position, seg.byteSize());
    }

    SegmentCursor at(long position, long limit) {
        if (position < 0 || position > limit || limit > seg.byteSize()) {
            throw corrupt("offset out of range", position);
        }
        this.pos = position;
        this.end = limit;
        return this;
    }

    long position() {
        return pos;
    }

    private void need(long n) {
        if (end - pos < n) {
            throw corrupt("unexpected end of data", pos);
        }
    }

    CorruptDataException corrupt(String what, long offset) {
        return new CorruptDataException(what + " [file=" + file + ", offset=" + offset + "]");
    }

    int getByte() {
        need(1);
        return seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    int getInt() {
        need(4);
        int v = seg.get(INT_BE, pos);
        pos += 4;
        return v;
    }

    long getLong() {
        need(8);
        long v = seg.get(LONG_BE, pos);
        pos += 8;
        return v;
    }

    long getUvarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = seg.get(ValueLayout.JAVA_BYTE, pos++);
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw corrupt("varint overflows 64 bits", pos);
    }

    int getUvarintInt() {
        long at = pos;
        long v = getUvarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw corrupt("length out of range", at);
        }
        return (int) v;
    }

    long getVarint() {
        long u = getUvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    String getString() {
        int n = getUvarintInt();
        need(n);
        byte[] b = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, n);
        pos += n;
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Copies {@code n} bytes into {@code dst} (grown when too small); returns the array used. */
    byte[] getBytes(int n, byte[] dst) {
        need(n);
        byte[] out = dst.length >= n ? dst : new byte[Math.max(n, dst.length * 2)];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, out, 0, n);
        pos += n;
        return out;
    }
}
