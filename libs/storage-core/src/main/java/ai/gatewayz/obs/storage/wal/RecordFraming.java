package ai.gatewayz.obs.storage.wal;

import ai.gatewayz.obs.storage.io.Crc32c;

/**
 * The framing shared by WAL segments, checkpoints and every other record file of the suite (e.g.
 * alert-router's record logs, each with its own magic): a file header (4-byte magic, 1-byte
 * version, 3 reserved zero bytes) followed by records {@code [uint32 length][uint32 crc32c][payload]},
 * all big-endian. Documented in docs/formats/wal.md.
 */
public final class RecordFraming {
    public static final int SEGMENT_MAGIC = 0x475A574C; // "GZWL"
    public static final int CHECKPOINT_MAGIC = 0x475A434B; // "GZCK"
    public static final int VERSION = 1;
    public static final int FILE_HEADER = 8;
    public static final int RECORD_HEADER = 8;
    /** Larger lengths are treated as corruption. */
    public static final int MAX_RECORD = 256 << 20;

    private RecordFraming() {
    }

    /** The 8-byte header of a file with {@code magic}. */
    public static byte[] fileHeader(int magic) {
        byte[] h = new byte[FILE_HEADER];
        putInt(h, 0, magic);
        h[4] = VERSION;
        return h;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Frames one record into {@code out} at {@code off}; returns bytes written. */
    public static int frame(byte[] payload, int pOff, int pLen, byte[] out, int off) {
        putInt(out, off, pLen);
        putInt(out, off + 4, Crc32c.of(payload, pOff, pLen));
        System.arraycopy(payload, pOff, out, off + RECORD_HEADER, pLen);
        return RECORD_HEADER + pLen;
    }

    /** Bytes one framed record of {@code payloadLen} takes. */
    public static int framedSize(int payloadLen) {
        return RECORD_HEADER + payloadLen;
    }

    /** Receives each record's payload; the array is only valid during the call. */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(byte[] buf, int off, int len);
    }

    /**
     * Scans the records of one file image. Returns the offset just after the last intact record;
     * equal to {@code len} when the whole file is intact.
     */
    public static int scan(byte[] file, int len, int magic, RecordConsumer consumer) {
        if (len < FILE_HEADER || getInt(file, 0) != magic || file[4] != VERSION) {
            return 0;
        }
        int pos = FILE_HEADER;
        while (pos < len) {
            if (len - pos < RECORD_HEADER) {
                return pos;
            }
            int n = getInt(file, pos);
            if (n < 0 || n > MAX_RECORD || n > len - pos - RECORD_HEADER) {
                return pos;
            }
            int crc = getInt(file, pos + 4);
            if (Crc32c.of(file, pos + RECORD_HEADER, n) != crc) {
                return pos;
            }
            if (consumer != null) {
                consumer.accept(file, pos + RECORD_HEADER, n);
            }
            pos += RECORD_HEADER + n;
        }
        return pos;
    }
}
