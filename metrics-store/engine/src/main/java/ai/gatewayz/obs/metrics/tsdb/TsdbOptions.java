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
 */
public record TsdbOptions(Duration retention, long retentionBytes, long walSegmentBytes, boolean walFsync,
        int chunkPoints, Duration outOfOrderWindow, long maxSeries, int checkpointSegments, int maxExemplarsPerSeries) {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

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
    }

    public static TsdbOptions defaults() {
        return new TsdbOptions(DEFAULT_RETENTION, 0, 32L << 20, false, 120, Duration.ZERO, 0, 3, 16);
    }

    public TsdbOptions withRetention(Duration r, long bytes) {
        return new TsdbOptions(r, bytes, walSegmentBytes, walFsync, chunkPoints, outOfOrderWindow, maxSeries,
                checkpointSegments, maxExemplarsPerSeries);
    }

    public TsdbOptions withWal(long segmentBytes, boolean fsync, int checkpointAfter) {
        return new TsdbOptions(retention, retentionBytes, segmentBytes, fsync, chunkPoints, outOfOrderWindow, maxSeries,
                checkpointAfter, maxExemplarsPerSeries);
    }

    public TsdbOptions withOutOfOrderWindow(Duration w) {
        return new TsdbOptions(retention, retentionBytes, walSegmentBytes, walFsync, chunkPoints, w, maxSeries,
                checkpointSegments, maxExemplarsPerSeries);
    }

    public TsdbOptions withMaxSeries(long n) {
        return new TsdbOptions(retention, retentionBytes, walSegmentBytes, walFsync, chunkPoints, outOfOrderWindow, n,
                checkpointSegments, maxExemplarsPerSeries);
    }

    public TsdbOptions withChunkPoints(int n) {
        return new TsdbOptions(retention, retentionBytes, walSegmentBytes, walFsync, n, outOfOrderWindow, maxSeries,
                checkpointSegments, maxExemplarsPerSeries);
    }
}
