package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.storage.index.Postings;
import ai.gatewayz.obs.storage.index.PostingsList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All profiles of one tenant whose time falls in {@code [startMs, startMs + durationMs)}: one
 * symbol table, the series with their sample columns, and a postings index from label pairs to
 * series ids.
 *
 * <p>Thread-safe: every method synchronises on the partition, and {@link #select} holds the lock
 * while the visitor runs so the symbol view stays consistent.
 */
final class Partition {
    final long startMs;
    final long durationMs;
    final SymbolTable symbols = new SymbolTable();
    final List<SeriesColumns> series = new ArrayList<>();
    private final Map<Labels, Integer> seriesIds = new HashMap<>();
    private final Map<String, TreeMap<String, PostingsList>> index = new HashMap<>();
    long minTimeMs = Long.MAX_VALUE;
    long maxTimeMs = Long.MIN_VALUE;
    long profileCount;
    long sampleCount;
    /** Set when the partition changed since it was last written as a block. */
    boolean dirty;

    Partition(long startMs, long durationMs) {
        this.startMs = startMs;
        this.durationMs = durationMs;
    }

    long endMs() {
        return startMs + durationMs;
    }

    synchronized void add(ProfileInput p) {
        int[] locMap = symbols.intern(p.symbols());
        SeriesColumns s = seriesFor(p.series());
        s.beginProfile(p.timeNanos(), p.total());
        int[][] stacks = p.stacks();
        long[] values = p.values();
        long[] spans = p.spanIds();
        for (int i = 0; i < values.length; i++) {
            s.addSample(symbols.internStack(stacks[i], locMap), values[i], spans[i]);
        }
        long ms = Math.floorDiv(p.timeNanos(), 1_000_000L);
        minTimeMs = Math.min(minTimeMs, ms);
        maxTimeMs = Math.max(maxTimeMs, ms);
        profileCount++;
        sampleCount += values.length;
        dirty = true;
    }

    SeriesColumns seriesFor(Labels labels) {
        Integer id = seriesIds.get(labels);
        if (id != null) {
            return series.get(id);
        }
        int ref = series.size();
        SeriesColumns s = new SeriesColumns(labels);
        series.add(s);
        seriesIds.put(labels, ref);
        labels.forEach((n, v) -> index.computeIfAbsent(n, k -> new TreeMap<>())
                .computeIfAbsent(v, k -> new PostingsList()).add(ref));
        return s;
    }

    boolean overlaps(long startMs, long endMs) {
        return minTimeMs <= endMs && maxTimeMs >= startMs;
    }

    /** Series ids matching every matcher, via the postings index. */
    private long[] matching(List<LabelMatcher> matchers) {
        long[] all = new long[series.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        long[] out = all;
        for (LabelMatcher m : matchers) {
            TreeMap<String, PostingsList> values = index.get(m.name());
            List<long[]> hit = new ArrayList<>();
            List<long[]> miss = new ArrayList<>();
            if (values != null) {
                for (Map.Entry<String, PostingsList> e : values.entrySet()) {
                    (m.matches(e.getKey()) ? hit : miss).add(e.getValue().snapshot());
                }
            }
            long[] selected = m.matchesEmpty()
                    ? Postings.without(all, Postings.union(miss.toArray(long[][]::new)))
                    : Postings.union(hit.toArray(long[][]::new));
            out = Postings.intersect2(out, selected);
            if (out.length == 0) {
                break;
            }
        }
        return out;
    }

    /** Matching series that have a profile in range. */
    synchronized List<Labels> series(List<LabelMatcher> matchers, long startMs, long endMs) {
        List<Labels> out = new ArrayList<>();
        for (long ref : matching(matchers)) {
            SeriesColumns s = series.get((int) ref);
            if (anyInRange(s, startMs, endMs)) {
                out.add(s.labels);
            }
        }
        return out;
    }

    private static boolean anyInRange(SeriesColumns s, long startMs, long endMs) {
        for (int i = 0; i < s.profiles; i++) {
            long ms = Math.floorDiv(s.times[i], 1_000_000L);
            if (ms >= startMs && ms <= endMs) {
                return true;
            }
        }
        return false;
    }

    synchronized void select(List<LabelMatcher> matchers, long startMs, long endMs, ProfileVisitor visitor) {
        long[] refs = matching(matchers);
        if (refs.length == 0) {
            return;
        }
        visitor.partition(symbols);
        for (long ref : refs) {
            SeriesColumns s = series.get((int) ref);
            for (int i = 0; i < s.profiles; i++) {
                long ms = Math.floorDiv(s.times[i], 1_000_000L);
                if (ms < startMs || ms > endMs || !visitor.profile(s.labels, s.times[i], s.totals[i])) {
                    continue;
                }
                int end = s.firstSample[i + 1];
                for (int j = s.firstSample[i]; j < end; j++) {
                    visitor.sample(s.stacks[j], s.values[j], s.spans == null ? 0 : s.spans[j]);
                }
            }
        }
    }

    synchronized long symbolRefs() {
        return symbols.refs;
    }

    synchronized long symbolsStored() {
        return symbols.stored();
    }
}
