package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileIds;
import ai.gatewayz.obs.profiles.storage.ProfileVisitor;
import ai.gatewayz.obs.profiles.storage.SymbolView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code SelectHeatmap} (Profiles Drilldown's span-profile heatmap): one point per profile
 * ({@link Mode#INDIVIDUAL}, value = the profile's total) or per span within a profile
 * ({@link Mode#SPAN}, value = the sum of that span's samples), bucketed into time slots and
 * {@value #Y_BUCKETS} evenly spaced value buckets shared by every series (global min to max). A
 * slot's timestamp is its right edge: slots are {@code (start-step, start], (start, start+step], …},
 * clamped to the range. Each non-empty cell may carry one exemplar, its highest-valued point.
 * Series are grouped by {@code groupBy}; {@code limit > 0} keeps the series with the largest sums.
 * Immutable result; the builder is not thread-safe.
 */
public final class Heatmap {
    public static final int Y_BUCKETS = 20;

    public enum Mode { INDIVIDUAL, SPAN }

    /** A point's exemplar: profile time (ms), profile id, span id (0 = none), value, labels beside the group labels. */
    public record Exemplar(long timestampMs, String profileId, long spanId, long value, Labels labels) {
    }

    public record Slot(long timestampMs, double[] yMin, int[] counts, List<Exemplar> exemplars) {
    }

    public record Series(Labels labels, List<Slot> slots) {
    }

    private record Point(long timeMs, String profileId, long spanId, long value, Labels labels) {
    }

    private Heatmap() {
    }

    /** The visitor that collects points; {@link #build} buckets them. */
    static final class Collector implements ProfileVisitor {
        private final Mode mode;
        private final List<String> groupBy;
        private final Map<Labels, List<Point>> series = new HashMap<>();
        private final Map<Long, long[]> spans = new LinkedHashMap<>();
        private Labels current;
        private long currentTime;

        Collector(Mode mode, List<String> groupBy) {
            this.mode = mode;
            this.groupBy = groupBy;
        }

        @Override
        public void partition(SymbolView symbols) {
        }

        @Override
        public boolean profile(Labels s, long timeNanos, long total) {
            flush();
            if (mode == Mode.INDIVIDUAL) {
                add(s, timeNanos, 0, total);
                return false;
            }
            current = s;
            currentTime = timeNanos;
            return true;
        }

        @Override
        public void sample(int stackId, long value, long spanId) {
            if (spanId != 0) {
                spans.computeIfAbsent(spanId, k -> new long[1])[0] += value;
            }
        }

        void flush() {
            for (Map.Entry<Long, long[]> e : spans.entrySet()) {
                add(current, currentTime, e.getKey(), e.getValue()[0]);
            }
            spans.clear();
        }

        private void add(Labels s, long timeNanos, long spanId, long value) {
            Labels.Builder group = Labels.builder();
            Labels.Builder rest = Labels.builder();
            s.forEach((n, v) -> {
                if (groupBy.contains(n)) {
                    group.set(n, v);
                } else if (!n.startsWith("__")) {
                    rest.set(n, v);
                }
            });
            series.computeIfAbsent(group.build(), k -> new ArrayList<>())
                    .add(new Point(Math.floorDiv(timeNanos, 1_000_000L), ProfileIds.of(s, timeNanos), spanId, value, rest.build()));
        }
    }

    static List<Series> build(Collector c, long startMs, long endMs, long stepMs, boolean exemplars, long limit) {
        c.flush();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (List<Point> ps : c.series.values()) {
            for (Point p : ps) {
                min = Math.min(min, p.value());
                max = Math.max(max, p.value());
            }
        }
        if (min > max) {
            return List.of();
        }
        if (min == max) {
            max = min + 1;
        }
        long[] bucketMin = new long[Y_BUCKETS];
        double width = (double) (max - min) / Y_BUCKETS;
        for (int i = 0; i < Y_BUCKETS; i++) {
            bucketMin[i] = min + (long) (i * width);
        }
        double[] yMin = new double[Y_BUCKETS];
        for (int i = 0; i < Y_BUCKETS; i++) {
            yMin[i] = bucketMin[i];
        }
        List<Map.Entry<Labels, List<Point>>> entries = new ArrayList<>(c.series.entrySet());
        if (limit > 0 && entries.size() > limit) {
            entries.sort(Comparator.comparingLong((Map.Entry<Labels, List<Point>> e) -> -sum(e.getValue())).thenComparing(Map.Entry::getKey));
            entries = new ArrayList<>(entries.subList(0, (int) limit));
        }
        entries.sort(Map.Entry.comparingByKey());
        List<Series> out = new ArrayList<>();
        for (Map.Entry<Labels, List<Point>> e : entries) {
            TreeMap<Long, int[]> counts = new TreeMap<>();
            TreeMap<Long, Point[]> best = new TreeMap<>();
            for (Point p : e.getValue()) {
                long ts = slot(p.timeMs(), startMs, endMs, stepMs);
                int y = bucket(p.value(), bucketMin);
                counts.computeIfAbsent(ts, k -> new int[Y_BUCKETS])[y]++;
                Point[] b = best.computeIfAbsent(ts, k -> new Point[Y_BUCKETS]);
                if (b[y] == null || p.value() > b[y].value()) {
                    b[y] = p;
                }
            }
            List<Slot> slots = new ArrayList<>();
            for (Map.Entry<Long, int[]> s : counts.entrySet()) {
                List<Exemplar> ex = new ArrayList<>();
                if (exemplars) {
                    for (Point p : best.get(s.getKey())) {
                        if (p != null) {
                            ex.add(new Exemplar(p.timeMs(), p.profileId(), p.spanId(), p.value(), p.labels()));
                        }
                    }
                }
                slots.add(new Slot(s.getKey(), yMin.clone(), s.getValue(), List.copyOf(ex)));
            }
            out.add(new Series(e.getKey(), List.copyOf(slots)));
        }
        return List.copyOf(out);
    }

    private static long sum(List<Point> ps) {
        long s = 0;
        for (Point p : ps) {
            s += p.value();
        }
        return s;
    }

    /** The right edge of the slot holding {@code t}: rounded up to {@code start + k*step}, clamped to the range. */
    static long slot(long t, long startMs, long endMs, long stepMs) {
        long ts = roundUp(t, startMs, stepMs);
        long end = roundUp(endMs, startMs, stepMs);
        return Math.max(startMs, Math.min(end, ts));
    }

    private static long roundUp(long t, long startMs, long stepMs) {
        long k = Math.floorDiv(t - startMs, stepMs);
        long r = startMs + k * stepMs;
        return r == t ? t : r + stepMs;
    }

    /** The value bucket of {@code v}: {@code [min_i, min_{i+1})}, the maximum in the last. */
    static int bucket(long v, long[] bucketMin) {
        for (int i = bucketMin.length - 1; i >= 0; i--) {
            if (v >= bucketMin[i]) {
                return i;
            }
        }
        return 0;
    }
}
