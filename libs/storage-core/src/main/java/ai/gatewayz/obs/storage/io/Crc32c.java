package ai.gatewayz.obs.storage.io;

import java.util.zip.CRC32C;

/** CRC32-C (Castagnoli) over byte ranges; the checksum of every on-disk record. Stateless, thread-safe. */
public final class Crc32c {
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    private Crc32c() {
    }

    public static int of(byte[] b, int off, int len) {
        CRC32C c = CRC.get();
        c.reset();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** The checksum of the buffer's remaining bytes (a memory-mapped file, say); its position is unchanged. */
    public static int of(java.nio.ByteBuffer buf) {
        CRC32C c = CRC.get();
        c.reset();
        c.update(buf.duplicate());
        return (int) c.getValue();
    }

    public static int of(byte[] b) {
        return of(b, 0, b.length);
    }
}
