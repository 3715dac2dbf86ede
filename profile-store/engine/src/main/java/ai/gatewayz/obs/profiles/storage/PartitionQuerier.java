package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A {@link ProfileQuerier} over one tenant's partitions, shared by both storage implementations. */
final class PartitionQuerier implements ProfileQuerier {
    private final TenantPartitions tenant;

    PartitionQuerier(TenantPartitions tenant) {
        this.tenant = tenant;
    }

    private List<Partition> partitions(long startMs, long endMs) {
        if (endMs < startMs) {
            throw StorageErrors.invalidTimeRange(startMs, endMs);
        }
        List<Partition> out = new ArrayList<>();
        if (tenant == null) {
            return out;
        }
        for (Partition p : tenant.overlapping(startMs, endMs)) {
            if (p.overlaps(startMs, endMs)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers, long startMs, long endMs) {
        TreeSet<Labels> out = new TreeSet<>();
        for (Partition p : partitions(startMs, endMs)) {
            out.addAll(p.series(matchers, startMs, endMs));
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, long startMs, long endMs) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : series(matchers, startMs, endMs)) {
            l.forEach((n, v) -> out.add(n));
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, long startMs, long endMs) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : series(matchers, startMs, endMs)) {
            String v = l.get(name);
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public void select(List<LabelMatcher> matchers, long startMs, long endMs, ProfileVisitor visitor) {
        for (Partition p : partitions(startMs, endMs)) {
            p.select(matchers, startMs, endMs, visitor);
        }
    }

    @Override
    public QueryScope scope(List<LabelMatcher> matchers, long startMs, long endMs) {
        QueryScope out = QueryScope.EMPTY;
        for (Partition p : partitions(startMs, endMs)) {
            out = out.plus(p.scope(matchers, startMs, endMs));
        }
        return out;
    }

    @Override
    public long[] timeBounds() {
        if (tenant == null || tenant.partitions.isEmpty()) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Partition p : tenant.partitions.values()) {
            synchronized (p) {
                min = Math.min(min, p.minTimeMs);
                max = Math.max(max, p.maxTimeMs);
            }
        }
        return min > max ? null : new long[] {min, max};
    }
}
