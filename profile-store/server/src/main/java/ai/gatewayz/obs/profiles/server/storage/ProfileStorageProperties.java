package ai.gatewayz.obs.profiles.server.storage;

import ai.gatewayz.obs.profiles.storage.StorageOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code profiles.storage.*} ({@code PROFILES_STORAGE_RETENTION=15d} etc.).
 *
 * @param engine {@code disk} (under DATA_DIR, default) or {@code memory} (tests only)
 * @param retention how long profiles are kept (default 30d)
 * @param partition the time window sharing one symbol table (default 1h)
 * @param walSegmentSize WAL segment size
 * @param walFsync force each WAL write to the device (a process kill loses nothing either way)
 * @param maintenanceInterval how often changed partitions are written as blocks and retention runs
 * @param maxBodySize largest accepted request body, compressed or decompressed (413 above)
 */
@ConfigurationProperties("profiles.storage")
public record ProfileStorageProperties(String engine, Duration retention, Duration partition, DataSize walSegmentSize,
        Boolean walFsync, Duration maintenanceInterval, DataSize maxBodySize) {

    public ProfileStorageProperties {
        engine = engine == null ? "disk" : engine;
        retention = retention == null ? StorageOptions.DEFAULTS.retention() : retention;
        partition = partition == null ? StorageOptions.DEFAULTS.partition() : partition;
        walSegmentSize = walSegmentSize == null ? DataSize.ofMegabytes(64) : walSegmentSize;
        walFsync = walFsync != null && walFsync;
        maintenanceInterval = maintenanceInterval == null ? Duration.ofMinutes(5) : maintenanceInterval;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(64) : maxBodySize;
    }

    public StorageOptions toOptions() {
        return new StorageOptions(partition, retention, StorageOptions.DEFAULTS.headGrace(), walSegmentSize.toBytes(), walFsync);
    }
}
