package ai.gatewayz.obs.storage.chunkenc;

/**
 * The XOR chunk variant written into persisted blocks: {@link XorChunk}'s layout and value encoding
 * with the {@link DodBuckets#BLOCK} delta-of-delta table, whose first bucket holds 7 bits. Scrape
 * timestamps jitter by a few milliseconds, so most dods are small but not zero: they cost 9 bits here
 * instead of 16 with the head's table.
 *
 * <pre>
 * bytes 0-1   point count, big-endian uint16
 * point 0     t as zig-zag varint (8-bit groups), value as 64 raw bits
 * point 1     (t1 - t0) as zig-zag varint, value XOR-encoded
 * point n     dod: '0' = 0 | '10' 7 bits | '110' 14 bits | '1110' 20 bits | '1111' 64 bits
 *             value: as XorChunk
 * </pre>
 *
 * Documented in docs/formats/block.md. Not thread-safe; finished arrays are immutable by convention.
 */
public final class BlockXorChunk {
    private BlockXorChunk() {
    }

    /** Appends points to a new block chunk. */
    public static final class Appender extends XorChunk.Appender {
        public Appender(int capacityBytes) {
            super(capacityBytes, 0, DodBuckets.BLOCK);
        }
    }

    /** Decodes a block chunk. Reusable via {@link #reset(byte[], int)}. Not thread-safe. */
    public static final class Iterator extends XorChunk.Iterator {
        public Iterator() {
            super(DodBuckets.BLOCK);
        }

        @Override
        public Iterator reset(byte[] chunk, int len) {
            super.reset(chunk, len);
            return this;
        }
    }
}
