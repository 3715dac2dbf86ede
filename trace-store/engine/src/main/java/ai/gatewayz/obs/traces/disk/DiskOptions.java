package ai.gatewayz.obs.traces.disk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration of {@link DiskTraceStorage}.
 *
 * @param dir data directory (holds {@code wal/} and {@code blocks/<tenant>/})
 * @param traceIdle a live trace with no new span for this long is cut to a block
 * @param maxTraceLive a live trace is cut after this long even when spans keep arriving
 * @param blockWindow compaction merges the blocks of one tenant whose spans start in the same window
 * @param retention default age after which a block is deleted (7 days)
 * @param tenantRetention per-tenant overrides of {@code retention}
 * @param walSegmentBytes WAL segment size
 * @param fsync force each WAL append to the device (otherwise it survives a process kill only)
 */
public record DiskOptions(Path dir, Duration traceIdle, Duration maxTraceLive, Duration blockWindow, Duration retention,
        Map<String, Duration> tenantRetention, long walSegmentBytes, boolean fsync) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public DiskOptions {
        tenantRetention = Map.copyOf(tenantRetention);
    }

    public static DiskOptions defaults(Path dir) {
        return new DiskOptions(dir, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1), DEFAULT_RETENTION,
                Map.of(), 64L << 20, false);
    }

    public DiskOptions withRetention(Duration d, Map<String, Duration> perTenant) {
        return new DiskOptions(dir, traceIdle, maxTraceLive, blockWindow, d, perTenant, walSegmentBytes, fsync);
    }

    public Duration retentionOf(String tenant) {
        return tenantRetention.getOrDefault(tenant, retention);
    }
}
