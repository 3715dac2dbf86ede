package ai.gatewayz.obs.profiles.storage;

import java.time.Duration;

/**
 * Engine configuration. {@code partition} is the time window whose profiles share one set of
 * symbol tables (longer windows de-duplicate more); {@code retention} drops whole partitions older
 * than it (default 30 days); {@code headGrace} keeps a partition writable after its window ends,
 * for late uploads, before {@code maintain()} seals it into a block.
 */
public record StorageOptions(Duration partition, Duration retention, Duration headGrace, long walSegmentBytes,
                             boolean fsync) {
    public static final StorageOptions DEFAULTS =
            new StorageOptions(Duration.ofHours(1), Duration.ofDays(30), Duration.ofMinutes(10), 64L << 20, false);

    public StorageOptions withPartition(Duration d) {
        return new StorageOptions(d, retention, headGrace, walSegmentBytes, fsync);
    }

    public StorageOptions withRetention(Duration d) {
        return new StorageOptions(partition, d, headGrace, walSegmentBytes, fsync);
    }
}
