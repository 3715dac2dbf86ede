package ai.gatewayz.obs.logs.server.storage;

import ai.gatewayz.obs.logs.storage.disk.DiskStorageOptions;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code log.storage.*}: where and how long logs are kept ({@code LOG_STORAGE_RETENTION=15d}).
 *
 * @param engine {@code disk} (under DATA_DIR, default) or {@code memory} (tests only)
 * @param retention default retention of every tenant (30d, Loki's {@code retention_period} in the seed)
 * @param tenantRetention per-tenant overrides, e.g. {@code log.storage.tenant-retention.team-a=7d}
 * @param walSegmentSize WAL segment size
 * @param walFsync force every push to the device before acknowledging it
 * @param headMaxSize head bytes that trigger a flush to a block
 * @param flushAge head age that triggers a flush
 * @param chunkSize raw bytes after which a chunk is cut
 * @param maxChunkAge time span after which a chunk is cut
 * @param blockRange time partition of a block
 * @param maintenanceInterval how often flush, compaction and retention run
 */
@ConfigurationProperties("log.storage")
public record LogStorageProperties(String engine, Duration retention, Map<String, Duration> tenantRetention,
        DataSize walSegmentSize, Boolean walFsync, DataSize headMaxSize, Duration flushAge, DataSize chunkSize,
        Duration maxChunkAge, Duration blockRange, Duration maintenanceInterval) {

    public LogStorageProperties {
        DiskStorageOptions d = DiskStorageOptions.defaults();
        engine = engine == null ? "disk" : engine;
        retention = retention == null ? d.retention() : retention;
        tenantRetention = tenantRetention == null ? Map.of() : Map.copyOf(tenantRetention);
        walSegmentSize = walSegmentSize == null ? DataSize.ofBytes(d.walSegmentBytes()) : walSegmentSize;
        walFsync = walFsync != null && walFsync;
        headMaxSize = headMaxSize == null ? DataSize.ofBytes(d.headMaxBytes()) : headMaxSize;
        flushAge = flushAge == null ? d.flushAge() : flushAge;
        chunkSize = chunkSize == null ? DataSize.ofBytes(d.chunkTargetBytes()) : chunkSize;
        maxChunkAge = maxChunkAge == null ? d.maxChunkSpan() : maxChunkAge;
        blockRange = blockRange == null ? d.blockRange() : blockRange;
        maintenanceInterval = maintenanceInterval == null ? Duration.ofMinutes(1) : maintenanceInterval;
    }

    public DiskStorageOptions toOptions(String tenant) {
        DiskStorageOptions d = DiskStorageOptions.defaults();
        return new DiskStorageOptions(walSegmentSize.toBytes(), walFsync, headMaxSize.toBytes(), flushAge,
                chunkSize.toBytes(), maxChunkAge, blockRange, tenantRetention.getOrDefault(tenant, retention),
                d.compactAtBlocks(), d.zstdLevel());
    }
}
