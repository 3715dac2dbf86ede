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
    /** Set once the partition's window (plus grace) has passed: its series carry merged trees. */
    boolean sealed;

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
        boolean merged = visitor.acceptsMerged();
        for (long ref : refs) {
            SeriesColumns s = series.get((int) ref);
            if (merged && s.hasMerged() && s.mergedMinMs >= startMs && s.mergedMaxMs <= endMs) {
                if (visitor.mergedSeries(s.labels, s.profiles, s.mergedMinMs, s.mergedMaxMs, s.mergedTotal)) {
                    int[] st = s.mergedStacks;
                    long[] v = s.mergedValues;
                    for (int j = 0; j < st.length; j++) {
                        visitor.sample(st[j], v[j], 0);
                    }
                }
                continue;
            }
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

    /** What a select over these matchers and range would read here. */
    synchronized QueryScope scope(List<LabelMatcher> matchers, long startMs, long endMs) {
        long nseries = 0;
        long profiles = 0;
        long samples = 0;
        long indexBytes = 0;
        long profileBytes = 0;
        for (long ref : matching(matchers)) {
            SeriesColumns s = series.get((int) ref);
            long inRange = 0;
            for (int i = 0; i < s.profiles; i++) {
                long ms = Math.floorDiv(s.times[i], 1_000_000L);
                if (ms >= startMs && ms <= endMs) {
                    inRange++;
                    long n = s.firstSample[i + 1] - s.firstSample[i];
                    samples += n;
                    profileBytes += 12 + n * (s.spans == null ? 3 : 11);
                }
            }
            if (inRange > 0) {
                nseries++;
                profiles += inRange;
                for (int i = 0; i < s.labels.size(); i++) {
                    indexBytes += s.labels.name(i).length() + s.labels.value(i).length() + 2;
                }
            }
        }
        if (nseries == 0) {
            return QueryScope.EMPTY;
        }
        return new QueryScope(sealed ? 0 : 1, sealed ? 1 : 0, nseries, profiles, samples, indexBytes, profileBytes,
                symbols.estimatedBytes());
    }

    /**
     * Seals the partition: builds the merged tree of every series that has none (all of them the
     * first time, only those a late upload touched afterwards). Returns whether anything was built,
     * so the owner rewrites the block.
     */
    synchronized boolean seal() {
        boolean built = !sealed;
        sealed = true;
        for (SeriesColumns s : series) {
            if (!s.hasMerged()) {
                s.buildMerged(symbols.stacks);
                built = true;
            }
        }
        if (built) {
            dirty = true;
        }
        return built;
    }

    synchronized long symbolRefs() {
        return symbols.refs;
    }

    synchronized long symbolsStored() {
        return symbols.stored();
    }
}
