package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.profiles.storage.ProfileQuerier;
import ai.gatewayz.obs.profiles.storage.ProfileVisitor;
import ai.gatewayz.obs.profiles.storage.SymbolView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The query operations of the Pyroscope querier API over the storage seam: flame graphs (merged,
 * per span, diff), time series, profile types. Stateless and thread-safe.
 */
public final class ProfileQueries {
    private ProfileQueries() {
    }

    /** Merged flame graph of the matching profiles; {@code spans} (may be null) restricts to those span ids. */
    public static FlameGraph mergeStacktraces(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs,
                                              long maxNodes, Set<Long> spans, List<String> callSite) {
        return mergeStacktraces(q, matchers, startMs, endMs, maxNodes, SampleFilter.of(spans, callSite));
    }

    /**
     * Merged flame graph of the matching profiles and samples. Without span or profile-id
     * selectors, sealed partitions answer from their per-series merged trees.
     */
    public static FlameGraph mergeStacktraces(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs,
                                              long maxNodes, SampleFilter filter) {
        return tree(q, matchers, startMs, endMs, filter).toFlameGraph(maxNodes);
    }

    private static StackTree tree(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs, SampleFilter filter) {
        StackTree tree = new StackTree();
        q.select(matchers, startMs, endMs, new TreeVisitor(tree, false, filter));
        return tree;
    }

    /** The function table of the matching profiles, on an untruncated tree; {@code limit} cuts rows only. */
    public static FunctionTable functions(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs, long limit,
                                          Set<Long> spans, List<String> callSite) {
        return functions(q, matchers, startMs, endMs, limit, SampleFilter.of(spans, callSite));
    }

    public static FunctionTable functions(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs, long limit,
                                          SampleFilter filter) {
        return FunctionTable.of(tree(q, matchers, startMs, endMs, filter), limit);
    }

    /** The sandwich of {@code function} over the matching samples, each half cut at {@code maxNodes}. */
    public static Sandwich sandwich(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs, String function,
                                    long maxNodes, SampleFilter filter) {
        return Sandwich.of(tree(q, matchers, startMs, endMs, filter), function, maxNodes);
    }

    /** {@code SelectHeatmap}: see {@link Heatmap}. */
    public static List<Heatmap.Series> heatmap(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs, long stepMs,
                                               List<String> groupBy, Heatmap.Mode mode, boolean exemplars, long limit) {
        checkPoints(startMs, endMs, stepMs);
        Heatmap.Collector c = new Heatmap.Collector(mode, groupBy);
        q.select(matchers, startMs, endMs, c);
        return Heatmap.build(c, startMs, endMs, stepMs, exemplars, limit);
    }

    private static void checkPoints(long startMs, long endMs, long stepMs) {
        if (stepMs <= 0) {
            throw new SuiteException(ErrorKind.BAD_DATA, "step must be positive [step_ms=" + stepMs + "]");
        }
        if ((endMs - startMs) / stepMs > 11_000) {
            throw new SuiteException(ErrorKind.BAD_DATA, "too many points: decrease the range or increase the step [step_ms="
                    + stepMs + ", points=" + (endMs - startMs) / stepMs + "]");
        }
    }

    /** The joined function tables of two selections. */
    public static FunctionTable.Diff functionsDiff(ProfileQuerier q, List<LabelMatcher> left, long leftStart, long leftEnd,
                                                   List<LabelMatcher> right, long rightStart, long rightEnd, long limit) {
        StackTree tree = new StackTree();
        q.select(left, leftStart, leftEnd, new TreeVisitor(tree, false, null));
        q.select(right, rightStart, rightEnd, new TreeVisitor(tree, true, null));
        return FunctionTable.diffOf(tree, limit);
    }

    public static StackTree.Diff diff(ProfileQuerier q, List<LabelMatcher> left, long leftStart, long leftEnd,
                                      List<LabelMatcher> right, long rightStart, long rightEnd, long maxNodes) {
        StackTree tree = new StackTree();
        q.select(left, leftStart, leftEnd, new TreeVisitor(tree, false, null));
        q.select(right, rightStart, rightEnd, new TreeVisitor(tree, true, null));
        return tree.toDiff(maxNodes);
    }

    /** Distinct profile types with data in range. */
    public static List<ProfileTypeId> profileTypes(ProfileQuerier q, long startMs, long endMs) {
        TreeSet<String> ids = new TreeSet<>(q.labelValues(ProfileTypeId.LABEL, List.of(), startMs, endMs));
        List<ProfileTypeId> out = new ArrayList<>();
        for (String id : ids) {
            out.add(ProfileTypeId.parse(id));
        }
        return out;
    }

    /**
     * Time series of profile totals grouped by {@code groupBy}, one point per {@code stepMs}
     * bucket with data (timestamps aligned to multiples of the step); {@code average} averages
     * profile totals per bucket instead of summing; {@code limit > 0} keeps the top series by sum.
     */
    public static List<SeriesPoints> selectSeries(ProfileQuerier q, List<LabelMatcher> matchers, long startMs, long endMs,
                                                  List<String> groupBy, long stepMs, boolean average, long limit) {
        checkPoints(startMs, endMs, stepMs);
        Map<Labels, TreeMap<Long, double[]>> groups = new TreeMap<>();
        q.select(matchers, startMs, endMs, new ProfileVisitor() {
            @Override
            public void partition(SymbolView symbols) {
            }

            @Override
            public boolean profile(Labels series, long timeNanos, long total) {
                Labels.Builder b = Labels.builder();
                for (String g : groupBy) {
                    b.set(g, series.get(g));
                }
                long ms = Math.floorDiv(timeNanos, 1_000_000L);
                long bucket = Math.floorDiv(ms, stepMs) * stepMs;
                double[] acc = groups.computeIfAbsent(b.build(), k -> new TreeMap<>()).computeIfAbsent(bucket, k -> new double[2]);
                acc[0] += total;
                acc[1]++;
                return false; // totals suffice: samples are never decoded
            }

            @Override
            public void sample(int stackId, long value, long spanId) {
            }
        });
        List<SeriesPoints> out = new ArrayList<>();
        groups.forEach((labels, points) -> {
            long[] ts = new long[points.size()];
            double[] vs = new double[points.size()];
            int i = 0;
            for (Map.Entry<Long, double[]> e : points.entrySet()) {
                ts[i] = e.getKey();
                vs[i++] = average ? e.getValue()[0] / e.getValue()[1] : e.getValue()[0];
            }
            out.add(new SeriesPoints(labels, ts, vs));
        });
        if (limit > 0 && out.size() > limit) {
            out.sort(Comparator.comparingDouble(SeriesPoints::sum).reversed());
            List<SeriesPoints> top = new ArrayList<>(out.subList(0, (int) limit));
            top.sort(Comparator.comparing(SeriesPoints::labels));
            return top;
        }
        return out;
    }
}
