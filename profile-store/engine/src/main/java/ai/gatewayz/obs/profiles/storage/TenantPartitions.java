package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.profiles.model.ProfileInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One tenant's partitions keyed by start time. Thread-safe: the map is concurrent and each
 * partition guards itself.
 */
final class TenantPartitions {
    final String tenant;
    final ConcurrentSkipListMap<Long, Partition> partitions = new ConcurrentSkipListMap<>();
    private final long partitionMs;

    TenantPartitions(String tenant, long partitionMs) {
        this.tenant = tenant;
        this.partitionMs = partitionMs;
    }

    void add(ProfileInput p) {
        long ms = Math.floorDiv(p.timeNanos(), 1_000_000L);
        long start = Math.floorDiv(ms, partitionMs) * partitionMs;
        partitions.computeIfAbsent(start, s -> new Partition(s, partitionMs)).add(p);
    }

    /** Partitions that may hold profiles in {@code [startMs, endMs]}, oldest first. */
    List<Partition> overlapping(long startMs, long endMs) {
        List<Partition> out = new ArrayList<>();
        for (Partition p : partitions.headMap(endMs, true).tailMap(startMs - partitionMs, false).values()) {
            out.add(p);
        }
        return out;
    }
}
