package ai.gatewayz.obs.logs.storage.disk;

import java.time.Duration;

/**
 * Tuning of one tenant's on-disk log storage. Immutable.
 *
 * @param walSegmentBytes size at which a WAL segment is closed and the next begun
 * @param fsync force every WAL record to the device before acknowledging (off: a record survives a
 *     process kill, not a power loss, as in Loki's WAL)
 * @param headMaxBytes raw bytes in the head that trigger a flush to a block
 * @param flushAge age of the head's first entry that triggers a flush
 * @param chunkTargetBytes raw bytes after which a stream's chunk is cut
 * @param maxChunkSpan time span of entries after which a chunk is cut
 * @param blockRange time partition of blocks (entries of one block lie in one partition)
 * @param retention blocks wholly older than this are deleted
 * @param compactAtBlocks blocks of one partition that trigger compaction into one
 * @param zstdLevel compression level of chunks
 */
public record DiskStorageOptions(long walSegmentBytes, boolean fsync, long headMaxBytes, Duration flushAge,
        long chunkTargetBytes, Duration maxChunkSpan, Duration blockRange, Duration retention, int compactAtBlocks,
        int zstdLevel) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public static DiskStorageOptions defaults() {
        return new DiskStorageOptions(128L << 20, false, 64L << 20, Duration.ofMinutes(30), 1L << 20,
                Duration.ofHours(2), Duration.ofHours(24), DEFAULT_RETENTION, 4, 3);
    }

    public DiskStorageOptions withRetention(Duration r) {
        return new DiskStorageOptions(walSegmentBytes, fsync, headMaxBytes, flushAge, chunkTargetBytes, maxChunkSpan,
                blockRange, r, compactAtBlocks, zstdLevel);
    }

    public DiskStorageOptions withChunkTargetBytes(long b) {
        return new DiskStorageOptions(walSegmentBytes, fsync, headMaxBytes, flushAge, b, maxChunkSpan,
                blockRange, retention, compactAtBlocks, zstdLevel);
    }
}
