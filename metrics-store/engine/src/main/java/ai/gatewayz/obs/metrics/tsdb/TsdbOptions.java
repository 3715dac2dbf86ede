package ai.gatewayz.obs.metrics.tsdb;

import java.time.Duration;

/**
 * Settings of one tenant's TSDB. Immutable.
 *
 * @param retention samples older than now minus this are deleted and refused (out of bounds)
 * @param retentionBytes when above zero, oldest chunks are deleted until chunks plus WAL fit
 * @param walSegmentBytes size at which a WAL segment is closed and a new one started
 * @param walFsync force every commit to the device (a process kill never loses an acknowledged
 *     commit either way; fsync also covers power loss)
 * @param chunkPoints points per head chunk before it is closed
 * @param outOfOrderWindow how far behind a series' newest sample a sample may still be accepted
 * @param maxSeries active series limit (0 = unlimited); new series beyond it are refused
 * @param checkpointSegments a checkpoint is written once this many segments follow the last one
 * @param maxExemplarsPerSeries exemplars kept per series (oldest dropped)
 * @param blockRange time range of a level-1 block: once the head spans more than 1.5 × this, its
 *     oldest aligned range is written to an immutable block and dropped from memory (default 2h)
 * @param blockChunkPoints points per chunk when samples are re-encoded into blocks (default 480)
 */
public record TsdbOptions(Duration retention, long retentionBytes, long walSegmentBytes, boolean walFsync,
        int chunkPoints, Duration outOfOrderWindow, long maxSeries, int checkpointSegments, int maxExemplarsPerSeries,
        Duration blockRange, int blockChunkPoints) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_BLOCK_RANGE = Duration.ofHours(2);
    public static final int DEFAULT_BLOCK_CHUNK_POINTS = 480;

    /** Without block settings: 2h blocks, 480-point block chunks. */
    public TsdbOptions(Duration retention, long retentionBytes, long walSegmentBytes, boolean walFsync,
            int chunkPoints, Duration outOfOrderWindow, long maxSeries, int checkpointSegments, int maxExemplarsPerSeries) {
        this(retention, retentionBytes, walSegmentBytes, walFsync, chunkPoints, outOfOrderWindow, maxSeries,
                checkpointSegments, maxExemplarsPerSeries, DEFAULT_BLOCK_RANGE, DEFAULT_BLOCK_CHUNK_POINTS);
    }

    public TsdbOptions {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive [retention=" + retention + "]");
        }
        if (walSegmentBytes < 1024) {
            throw new IllegalArgumentException("walSegmentBytes too small [walSegmentBytes=" + walSegmentBytes + "]");
        }
        if (chunkPoints < 2 || chunkPoints > 0xFFFF) {
            throw new IllegalArgumentException("chunkPoints out of range [chunkPoints=" + chunkPoints + "]");
        }
        outOfOrderWindow = outOfOrderWindow == null ? Duration.ZERO : outOfOrderWindow;
        checkpointSegments = Math.max(1, checkpointSegments);
        maxExemplarsPerSeries = Math.max(0, maxExemplarsPerSeries);
        blockRange = blockRange == null ? DEFAULT_BLOCK_RANGE : blockRange;
        if (blockRange.toMillis() < 1000) {
            throw new IllegalArgumentException("blockRange must be at least 1s [blockRange=" + blockRange + "]");
        }
        if (blockChunkPoints < 2 || blockChunkPoints > 0xFFFF) {
            throw new IllegalArgumentException("blockChunkPoints out of range [blockChunkPoints=" + blockChunkPoints + "]");
        }
    }

    /** Largest compacted block: a tenth of the retention, at most 31 days. */
    public long maxBlockRangeMillis() {
        return Math.min(retention.toMillis() / 10, Duration.ofDays(31).toMillis());
    }

    public TsdbOptions withBlocks(Duration range, int chunkPointsInBlocks) {
        return new TsdbOptions(retention, retentionBytes, walSegmentBytes, walFsync, chunkPoints, outOfOrderWindow, maxSeries,
                checkpointSegments, maxExemplarsPerSeries, range, chunkPointsInBlocks);
    }

    public static TsdbOptions defaults() {
        return new TsdbOptions(DEFAULT_RETENTION, 0, 32L << 20, false, 120, Duration.ZERO, 0, 3, 16);
    }

    public TsdbOptions withRetention(Duration r, long bytes) {
        return new TsdbOptions(r, bytes, walSegmentBytes, walFsync, chunkPoints, outOfOrderWindow, maxSeries,
                checkpointSegments, maxExemplarsPerSeries, blockRange, blockChunkPoints);
    }

    public TsdbOptions withWal(long segmentBytes, boolean fsync, int checkpointAfter) {
        return new TsdbOptions(retention, retentionBytes, segmentBytes, fsync, chunkPoints, outOfOrderWindow, maxSeries,
                checkpointAfter, maxExemplarsPerSeries, blockRange, blockChunkPoints);
    }

    public TsdbOptions withOutOfOrderWindow(Duration w) {
        return new TsdbOptions(retention, retentionBytes, walSegmentBytes, walFsync, chunkPoints, w, maxSeries,
                checkpointSegments, maxExemplarsPerSeries, blockRange, blockChunkPoints);
    }

    public TsdbOptions withMaxSeries(long n) {
        return new TsdbOptions(retention, retentionBytes, walSegmentBytes, walFsync, chunkPoints, outOfOrderWindow, n,
                checkpointSegments, maxExemplarsPerSeries, blockRange, blockChunkPoints);
    }

    public TsdbOptions withChunkPoints(int n) {
        return new TsdbOptions(retention, retentionBytes, walSegmentBytes, walFsync, n, outOfOrderWindow, maxSeries,
                checkpointSegments, maxExemplarsPerSeries, blockRange, blockChunkPoints);
    }
}
