package ai.gatewayz.obs.metrics.server.storage;

import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code metrics.storage.*}: where and how long metrics are kept. Environment overrides follow
 * Spring's relaxed binding ({@code METRICS_STORAGE_RETENTION=15d}).
 *
 * @param engine {@code tsdb} (on disk under DATA_DIR, default) or {@code memory} (tests only)
 * @param retention how long samples are kept (default 30d)
 * @param retentionSize cap on chunk and WAL bytes per tenant (0 = none)
 * @param walSegmentSize WAL segment size
 * @param walFsync force each commit to the device (a process kill loses nothing either way)
 * @param outOfOrderWindow how far behind the newest sample a late sample is still accepted
 * @param checkpointSegments write a checkpoint after this many WAL segments
 * @param maxExemplarsPerSeries exemplars kept per series
 * @param maintenanceInterval how often head cuts, block compaction, retention and checkpoints run
 * @param blockRange time range of a level-1 on-disk block (default 2h); the head is cut once it spans 1.5 × this
 */
@ConfigurationProperties("metrics.storage")
public record MetricsStorageProperties(String engine, Duration retention, DataSize retentionSize, DataSize walSegmentSize,
        Boolean walFsync, Duration outOfOrderWindow, Integer checkpointSegments, Integer maxExemplarsPerSeries,
        Duration maintenanceInterval, Duration blockRange) {

    public MetricsStorageProperties {
        engine = engine == null ? "tsdb" : engine;
        retention = retention == null ? TsdbOptions.DEFAULT_RETENTION : retention;
        retentionSize = retentionSize == null ? DataSize.ofBytes(0) : retentionSize;
        walSegmentSize = walSegmentSize == null ? DataSize.ofMegabytes(32) : walSegmentSize;
        walFsync = walFsync != null && walFsync;
        outOfOrderWindow = outOfOrderWindow == null ? Duration.ZERO : outOfOrderWindow;
        checkpointSegments = checkpointSegments == null ? 3 : checkpointSegments;
        maxExemplarsPerSeries = maxExemplarsPerSeries == null ? 16 : maxExemplarsPerSeries;
        maintenanceInterval = maintenanceInterval == null ? Duration.ofMinutes(1) : maintenanceInterval;
        blockRange = blockRange == null ? TsdbOptions.DEFAULT_BLOCK_RANGE : blockRange;
    }

    public TsdbOptions toOptions(long maxSeries) {
        return new TsdbOptions(retention, retentionSize.toBytes(), walSegmentSize.toBytes(), walFsync, 120,
                outOfOrderWindow, maxSeries, checkpointSegments, maxExemplarsPerSeries, blockRange,
                TsdbOptions.DEFAULT_BLOCK_CHUNK_POINTS);
    }
}
