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
    public interface MetadataDecoder {
        Labels decode(byte[] buf, int pos);

        /** The value of one name (null when absent), without decoding the rest. */
        default String find(byte[] buf, int pos, String name) {
            String v = decode(buf, pos).get(name);
            return v.isEmpty() ? null : v;
        }
    }

    private static final byte UNKNOWN = 0;
    private static final byte ASCII = 1;
    private static final byte NOT_ASCII = 2;

    private long ts;
    private boolean fromChunk;
    private int chunkOff;
    private int chunkLen;
    /** Whether the current chunk's lines are all ASCII: looked at once per chunk, and only when asked. */
    private byte chunkAscii;
    private int chunkMetaOff;
    private int chunkMetaLen;
    private byte[] mentionAsked;
    private boolean mentioned;
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

    /** Starts a chunk: its lines and metadata columns, whose bytes the entries that follow point into. */
    public void chunk(byte[] b, int linesOffset, int linesLength, int metaOffset, int metaLength) {
        buf = b;
        chunkOff = linesOffset;
        chunkLen = linesLength;
        chunkAscii = UNKNOWN;
        chunkMetaOff = metaOffset;
        chunkMetaLen = metaLength;
        mentionAsked = null;
    }

    /**
     * False only when no entry of the current chunk has these bytes anywhere in its metadata (so a
     * name containing them is absent), searched once per chunk for the last bytes asked.
     */
    public boolean metadataMayContain(byte[] bytes) {
        if (!fromChunk) {
            return true;
        }
        if (mentionAsked != bytes) {
            mentionAsked = bytes;
            mentioned = ai.gatewayz.obs.logs.text.ByteSearch.contains(buf, chunkMetaOff, chunkMetaLen, bytes);
        }
        return mentioned;
    }

    /** An entry of the current chunk: its line at [offset, offset+length) of the chunk's buffer. */
    public void setChunkBytes(long t, int offset, int length, boolean hasMeta, int metaPosition, MetadataDecoder dec) {
        ts = t;
        off = offset;
        len = length;
        fromChunk = true;
        line = null;
        metadata = hasMeta ? null : Labels.EMPTY;
        hasMetadata = hasMeta;
        metaBuf = buf;
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
        fromChunk = false;
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
        if (!fromChunk) {
            return maybeNonAscii;
        }
        if (chunkAscii == UNKNOWN) {
            chunkAscii = ai.gatewayz.obs.logs.text.ByteSearch.firstNonAscii(buf, chunkOff, chunkLen) >= 0 ? NOT_ASCII : ASCII;
        }
        return chunkAscii == NOT_ASCII;
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

    /** The value of one structured metadata name, or null; reads it without building the whole set. */
    public String metadataValue(String name) {
        if (!hasMetadata) {
            return null;
        }
        if (metadata != null) {
            String v = metadata.get(name);
            return v.isEmpty() ? null : v;
        }
        return decoder.find(metaBuf, metaPos, name);
    }

    public Labels metadata() {
        if (metadata == null) {
            metadata = decoder.decode(metaBuf, metaPos);
        }
        return metadata;
    }
}
