package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.profiles.model.ProfileInput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-heap state both storages share: tenants → time partitions. Retention drops whole
 * partitions whose window ended before {@code now - retention}. Thread-safe.
 */
final class PartitionedProfiles {
    final Map<String, TenantPartitions> tenants = new ConcurrentHashMap<>();
    final StorageOptions options;
    final Clock clock;

    PartitionedProfiles(StorageOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    void add(String tenant, ProfileInput p) {
        tenants.computeIfAbsent(tenant, t -> new TenantPartitions(t, options.partition().toMillis())).add(p);
    }

    ProfileQuerier querier(String tenant) {
        return new PartitionQuerier(tenants.get(tenant));
    }

    /**
     * Seals every partition whose window ended at least {@code headGrace} ago (merged trees per
     * series, see {@link Partition#seal}); the newest partitions stay head partitions whose flame
     * graphs read samples.
     */
    void seal() {
        long cutoff = clock.millis() - options.headGrace().toMillis();
        for (TenantPartitions t : tenants.values()) {
            for (Partition p : t.partitions.values()) {
                if (p.endMs() <= cutoff) {
                    p.seal();
                }
            }
        }
    }

    /** Removes partitions past retention; returns them (tenant, partition) so the owner can delete files. */
    List<Object[]> expire() {
        long cutoff = clock.millis() - options.retention().toMillis();
        List<Object[]> dropped = new ArrayList<>();
        for (TenantPartitions t : tenants.values()) {
            for (Partition p : new ArrayList<>(t.partitions.values())) {
                if (p.endMs() <= cutoff) {
                    t.partitions.remove(p.startMs);
                    dropped.add(new Object[] {t.tenant, p});
                }
            }
        }
        return dropped;
    }

    StorageStats stats(long bytesOnDisk) {
        long profiles = 0;
        long samples = 0;
        long series = 0;
        long parts = 0;
        long refs = 0;
        long stored = 0;
        for (TenantPartitions t : tenants.values()) {
            for (Partition p : t.partitions.values()) {
                synchronized (p) {
                    profiles += p.profileCount;
                    samples += p.sampleCount;
                    series += p.series.size();
                    refs += p.symbols.refs;
                    stored += p.symbols.stored();
                }
                parts++;
            }
        }
        return new StorageStats(profiles, samples, series, parts, refs, stored, bytesOnDisk);
    }
}
