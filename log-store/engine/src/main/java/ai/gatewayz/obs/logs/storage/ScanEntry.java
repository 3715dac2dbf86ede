package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.Labels;
import java.nio.charset.StandardCharsets;

/**
 * One entry of a {@link LogQuerier#scan scan}, handed over as the UTF-8 bytes of its line in a
 * buffer the storage reuses: the line as a String and the structured metadata are built only when
 * asked for. Valid only during the {@link ScanSink#entry} call that received it. Not thread-safe.
 */
public final class ScanEntry {
    /** Decodes structured metadata stored at a position of a buffer. */
    @FunctionalInterface
    public interface MetadataDecoder {
        Labels decode(byte[] buf, int pos);
    }

    private long ts;
    private byte[] buf = new byte[256];
    private int off;
    private int len;
    private boolean maybeNonAscii;
    private String line;
    private Labels metadata;
    private boolean hasMetadata;
    private byte[] metaBuf;
    private int metaPos;
    private MetadataDecoder decoder;

    /** Points at a line inside a storage buffer; metadata (when {@code hasMetadata}) is decoded from {@code metaBuf} on demand. */
    public void setBytes(long t, byte[] b, int offset, int length, boolean nonAscii, boolean hasMeta, byte[] metaBuffer,
            int metaPosition, MetadataDecoder dec) {
        ts = t;
        buf = b;
        off = offset;
        len = length;
        maybeNonAscii = nonAscii;
        line = null;
        metadata = hasMeta ? null : Labels.EMPTY;
        hasMetadata = hasMeta;
        metaBuf = metaBuffer;
        metaPos = metaPosition;
        decoder = dec;
    }

    /** An entry held as a String (the head): its bytes are encoded into a buffer owned by this entry. */
    public void setString(long t, String l, Labels md) {
        ts = t;
        int max = l.length() * 3;
        if (buf.length < max || buf.length > 1 << 20 && max < buf.length / 4) {
            buf = new byte[Math.max(256, max)];
        }
        int n = encode(l, buf);
        if (n < 0) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            buf = b;
            n = b.length;
        }
        off = 0;
        len = n;
        maybeNonAscii = n != l.length();
        line = l;
        metadata = md == null ? Labels.EMPTY : md;
        hasMetadata = !metadata.isEmpty();
    }

    /** ASCII fast path; -1 when the line has other characters (the caller then encodes it fully). */
    private static int encode(String s, byte[] out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return -1;
            }
            out[i] = (byte) c;
        }
        return n;
    }

    public long timestampNanos() {
        return ts;
    }

    public byte[] bytes() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    /** False only when the line is known to be pure ASCII. */
    public boolean maybeNonAscii() {
        return maybeNonAscii;
    }

    public String line() {
        if (line == null) {
            line = new String(buf, off, len, StandardCharsets.UTF_8);
        }
        return line;
    }

    public boolean hasMetadata() {
        return hasMetadata;
    }

    public Labels metadata() {
        if (metadata == null) {
            metadata = decoder.decode(metaBuf, metaPos);
        }
        return metadata;
    }
}
