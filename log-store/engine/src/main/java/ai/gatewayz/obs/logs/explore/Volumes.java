package ai.gatewayz.obs.logs.explore;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.IndexStats;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log volume for {@code /index/volume} and {@code /index/volume_range}. Streams are grouped by the
 * target labels, or by default by the names the selector mentions (Loki's {@code aggregateBy=series}
 * behaviour: {@code {service_name=~".+"}} groups by service_name). The instant volume reads each
 * group's size from the storage's index statistics; the range volume walks entries into steps.
 * Stateless; the querier belongs to the caller.
 */
public final class Volumes {
    private Volumes() {
    }

    /** The label names a request groups by. */
    public static List<String> groupNames(List<LabelMatcher> matchers, List<String> targetLabels) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        if (targetLabels != null && !targetLabels.isEmpty()) {
            names.addAll(targetLabels);
        } else {
            for (LabelMatcher m : matchers) {
                names.add(m.name());
            }
        }
        names.removeIf(n -> n.startsWith("__"));
        return List.copyOf(names);
    }

    static Labels group(Labels stream, List<String> names) {
        Labels.Builder b = Labels.builder();
        for (String n : names) {
            String v = stream.get(n);
            if (!v.isEmpty()) {
                b.set(n, v);
            }
        }
        return b.build();
    }

    /** Groups with their bytes, largest first (ties by labels), at most {@code limit}; empty groups are left out. */
    public static List<VolumeGroup> volume(LogQuerier q, List<LabelMatcher> matchers, List<String> names, long startNanos,
            long endNanos, int limit) {
        TreeMap<Labels, Boolean> groups = new TreeMap<>();
        for (Labels s : q.series(matchers, startNanos, endNanos)) {
            groups.put(group(s, names), Boolean.TRUE);
        }
        List<VolumeGroup> out = new ArrayList<>(groups.size());
        for (Labels g : groups.keySet()) {
            List<LabelMatcher> exact = new ArrayList<>(matchers);
            for (String n : names) {
                // "" selects the streams lacking the label, so each group's streams are exactly its own
                exact.add(LabelMatcher.eq(n, g.get(n)));
            }
            IndexStats st = q.stats(exact, startNanos, endNanos);
            if (st.bytes() > 0 || st.entries() > 0) {
                out.add(new VolumeGroup(g, st.bytes(), st.entries()));
            }
        }
        out.sort(Comparator.comparingLong(VolumeGroup::bytes).reversed().thenComparing(VolumeGroup::labels));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** One group's bytes per step: {@code bytes[i]} covers (start + (i-1)·step, start + i·step]. */
    public record RangeGroup(Labels labels, long[] bytes) {
    }

    /** Bytes per group and step over [start, end], points at start, start+step, … end; at most {@code limit} groups, largest first. */
    public static List<RangeGroup> volumeRange(LogQuerier q, List<LabelMatcher> matchers, List<String> names, long startNanos,
            long endNanos, long stepNanos, int limit) {
        int points = (int) ((endNanos - startNanos) / stepNanos) + 1;
        Map<Labels, long[]> acc = new TreeMap<>();
        long from = startNanos - stepNanos + 1;
        StreamSet set = q.select(matchers, SelectHints.range(from, endNanos + 1, Direction.FORWARD));
        while (set.next()) {
            long[] b = acc.computeIfAbsent(group(set.labels(), names), g -> new long[points]);
            EntryIterator it = set.entries();
            while (it.next()) {
                long t = it.timestampNanos();
                long idx = Math.ceilDiv(t - startNanos, stepNanos);
                if (idx >= 0 && idx < points) {
                    b[(int) idx] += entryBytes(it.line(), it.metadata());
                }
            }
        }
        List<RangeGroup> out = new ArrayList<>();
        acc.forEach((g, b) -> out.add(new RangeGroup(g, b)));
        out.sort(Comparator.comparingLong((RangeGroup r) -> -sum(r.bytes())).thenComparing(RangeGroup::labels));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** The size an entry counts for, as the storage's statistics count it: line plus structured metadata. */
    static long entryBytes(String line, Labels metadata) {
        long n = line.length();
        for (int i = 0; i < metadata.size(); i++) {
            n += metadata.name(i).length() + metadata.value(i).length();
        }
        return n;
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }
}
