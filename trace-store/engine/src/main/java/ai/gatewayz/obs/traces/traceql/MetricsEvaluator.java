package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.storage.TraceQuerier;
import ai.gatewayz.obs.traces.traceql.Ast.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one metrics query over a time grid: {@code n} intervals of {@code step} from
 * {@code start}; a span counts in the interval holding its start time. One storage scan per
 * metrics pipeline. Counting functions (rate, count_over_time, histogram_over_time, compare) give
 * every interval a value (0 without spans); value functions leave empty intervals NaN. Durations
 * are seconds. Not thread-safe: one per evaluation.
 */
final class MetricsEvaluator {
    private final TraceQuerier querier;
    private final String tenant;
    private final long start;
    private final long step;
    private final int n;
    private final int exemplarLimit;
    long inspectedTraces;
    long inspectedSpans;
    /** Series-intervals held so far; bounded so a high-cardinality by() or compare() cannot exhaust the heap. */
    private long cells;
    private int perSeriesExemplars;
    /** At most this many series x intervals per query (each costs about 40 bytes). */
    static final long MAX_CELLS = 2_000_000;

    MetricsEvaluator(TraceQuerier querier, String tenant, long start, long step, int n, int exemplarLimit) {
        this.querier = querier;
        this.tenant = tenant;
        this.start = start;
        this.step = step;
        this.n = n;
        this.exemplarLimit = exemplarLimit;
    }

    /** Series, or a scalar (a constant operand). */
    private record Operand(List<MetricsSeries> series, double scalar) {
    }

    List<MetricsSeries> evaluate(Ast.MetricsQuery q) {
        Operand o = eval(q.expr());
        return second(o.series(), q.second());
    }

    private Operand eval(Ast.Metrics e) {
        return switch (e) {
            case Ast.MetricsPipeline mp -> new Operand(second(pipeline(mp), mp.second()), Double.NaN);
            case Ast.MetricsConst c -> new Operand(null, c.value());
            case Ast.MetricsBinary b -> binary(b.op(), eval(b.left()), eval(b.right()));
        };
    }

    // ---------------------------------------------------------------- one pipeline

    /** Per series: counts, sums, extremes or collected values per interval, and one exemplar per interval. */
    private final class Acc {
        final List<Attr> labels;
        final double[] count = new double[n];
        final double[] sum;
        final double[] min;
        final double[] max;
        final double[][] values;
        final int[] sizes;
        final String[] exTrace = new String[n];
        final String[] exSpan = new String[n];
        final double[] exValue = new double[n];
        final long[] exTime = new long[n];

        Acc(List<Attr> labels, String fn) {
            reserve();
            this.labels = labels;
            boolean stats = fn.equals("sum_over_time") || fn.equals("min_over_time") || fn.equals("max_over_time")
                    || fn.equals("avg_over_time");
            sum = stats ? new double[n] : null;
            min = stats ? filled(Double.POSITIVE_INFINITY) : null;
            max = stats ? filled(Double.NEGATIVE_INFINITY) : null;
            values = fn.equals("quantile_over_time") ? new double[n][] : null;
            sizes = values != null ? new int[n] : null;
        }

        void add(int i, double v, Span s) {
            count[i]++;
            if (sum != null) {
                sum[i] += v;
                min[i] = Math.min(min[i], v);
                max[i] = Math.max(max[i], v);
            }
            if (values != null) {
                if (values[i] == null) {
                    values[i] = new double[8];
                } else if (sizes[i] == values[i].length) {
                    values[i] = Arrays.copyOf(values[i], sizes[i] * 2);
                }
                values[i][sizes[i]++] = v;
            }
            if (exTrace[i] == null) {
                exTrace[i] = s.traceId().hex();
                exSpan[i] = Ids.hex(s.spanId());
                exValue[i] = v;
                exTime[i] = s.startNanos() / 1_000_000;
            }
        }
    }

    private void reserve() {
        cells += n;
        if (cells > MAX_CELLS) {
            throw new ai.gatewayz.obs.common.SuiteException(ai.gatewayz.obs.common.ErrorKind.BAD_DATA,
                    "too many series for the time range: narrow by() or the filter, or raise step [limit=" + MAX_CELLS
                            + " series x intervals, intervals=" + n + "]");
        }
    }

    private double[] filled(double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }

    private List<MetricsSeries> pipeline(Ast.MetricsPipeline mp) {
        Ast.MetricsFn fn = mp.fn();
        if (fn.fn().equals("compare")) {
            return new Compare(fn).run(mp.search());
        }
        Map<List<Attr>, Acc> accs = new LinkedHashMap<>();
        boolean histogram = fn.fn().equals("histogram_over_time");
        boolean durationArg = fn.arg() != null && fn.arg().type() == Type.DURATION;
        long end = start + step * n;
        querier.scan(tenant, start, end - 1, (id, spans) -> {
            inspectedTraces++;
            inspectedSpans += spans.size();
            TraceView t = new TraceView(spans);
            BitSet matched = union(Evaluator.pipeline(mp.search(), t));
            for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
                Span s = spans.get(i);
                if (s.startNanos() < start || s.startNanos() >= end) {
                    continue;
                }
                double v = fn.arg() == null ? s.durationNanos() / 1e9 : number(Evaluator.field(fn.arg(), t, i));
                if (fn.arg() != null && Double.isNaN(v)) {
                    continue; // the span lacks a numeric value for the argument
                }
                List<Attr> labels = groupLabels(fn.by(), t, i);
                if (histogram) {
                    labels = new ArrayList<>(labels);
                    labels.add(new Attr("__bucket", AttrValue.dbl(bucket(v, durationArg))));
                }
                accs.computeIfAbsent(labels, l -> new Acc(l, fn.fn())).add((int) ((s.startNanos() - start) / step), v, s);
            }
            return true;
        });
        List<MetricsSeries> out = new ArrayList<>();
        // the exemplar limit is for the whole answer: shared out over the series, at least one each
        int outSeries = accs.size() * Math.max(1, fn.quantiles().size());
        perSeriesExemplars = exemplarLimit == 0 || outSeries == 0 ? 0 : Math.max(1, exemplarLimit / outSeries);
        for (Acc a : accs.values()) {
            if (fn.fn().equals("quantile_over_time")) {
                for (double q : fn.quantiles()) {
                    List<Attr> labels = new ArrayList<>(a.labels);
                    labels.add(new Attr("p", AttrValue.dbl(q)));
                    double[] vals = new double[n];
                    for (int i = 0; i < n; i++) {
                        vals[i] = a.values[i] == null ? Double.NaN : quantile(a.values[i], a.sizes[i], q);
                    }
                    out.add(series(List.copyOf(labels), vals, a, false));
                }
                continue;
            }
            double[] vals = new double[n];
            double stepSeconds = step / 1e9;
            for (int i = 0; i < n; i++) {
                boolean empty = a.count[i] == 0;
                vals[i] = switch (fn.fn()) {
                    case "rate" -> a.count[i] / stepSeconds;
                    case "sum_over_time" -> empty ? Double.NaN : a.sum[i];
                    case "min_over_time" -> empty ? Double.NaN : a.min[i];
                    case "max_over_time" -> empty ? Double.NaN : a.max[i];
                    case "avg_over_time" -> empty ? Double.NaN : a.sum[i] / a.count[i];
                    default -> a.count[i]; // count_over_time, histogram_over_time
                };
            }
            out.add(series(List.copyOf(a.labels), vals, a, fn.fn().equals("rate") || fn.fn().equals("count_over_time")));
        }
        return out;
    }

    /** Exemplars spread evenly over the intervals that have one; counting series place them on the line. */
    private MetricsSeries series(List<Attr> labels, double[] vals, Acc a, boolean onLine) {
        List<Integer> have = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (a.exTrace[i] != null) {
                have.add(i);
            }
        }
        List<MetricsSeries.Exemplar> ex = new ArrayList<>();
        int limit = Math.min(perSeriesExemplars, have.size());
        for (int k = 0; k < limit; k++) {
            int i = have.get((int) ((long) k * have.size() / limit));
            ex.add(new MetricsSeries.Exemplar(a.exTrace[i], a.exSpan[i], onLine ? vals[i] : a.exValue[i], a.exTime[i]));
        }
        return new MetricsSeries(labels, timestamps(), vals, List.copyOf(ex));
    }

    private long[] timestamps() {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = (start + i * step) / 1_000_000;
        }
        return ts;
    }

    private static BitSet union(List<Spanset> sets) {
        BitSet b = new BitSet();
        for (Spanset s : sets) {
            b.or(s.spans());
        }
        return b;
    }

    /** Labels of the by() values of span {@code i}; a nil value leaves its label out. */
    private static List<Attr> groupLabels(List<Ast.Field> by, TraceView t, int i) {
        if (by.isEmpty()) {
            return List.of();
        }
        List<Attr> out = new ArrayList<>(by.size());
        for (Ast.Field f : by) {
            AttrValue v = label(Evaluator.field(f, t, i));
            if (v != null) {
                out.add(new Attr(labelName(f), v));
            }
        }
        return out;
    }

    static String labelName(Ast.Field f) {
        return switch (f) {
            case Ast.AttrRef a -> (a.parent() ? "parent." : "") + (a.scope().isEmpty() ? "" : a.scope()) + "." + a.name();
            case Ast.Intrinsic in -> in.name();
            default -> f.toString();
        };
    }

    private static AttrValue label(Value v) {
        return switch (v.type()) {
            case NIL -> null;
            case BOOL -> AttrValue.bool(v.isTrue());
            case INT, DURATION -> AttrValue.integer(v.l());
            case FLOAT -> AttrValue.dbl(v.d());
            case STRING, STATUS, KIND -> AttrValue.string(v.text());
            case ATTRIBUTE -> v.many().isEmpty() ? null : label(v.many().getFirst());
        };
    }

    /** A numeric argument's value (durations in seconds); NaN when not numeric. */
    private static double number(Value v) {
        return switch (v.type()) {
            case INT -> v.l();
            case FLOAT -> v.d();
            case DURATION -> v.l() / 1e9;
            case ATTRIBUTE -> v.many().isEmpty() ? Double.NaN : number(v.many().getFirst());
            default -> Double.NaN;
        };
    }

    /** Power-of-two bucket upper bound; durations bucket on nanoseconds (as Tempo's heatmaps), reported in seconds. */
    static double bucket(double v, boolean duration) {
        if (duration) {
            long ns = Math.round(v * 1e9);
            return ns <= 1 ? 1e-9 : Math.pow(2, 64 - Long.numberOfLeadingZeros(ns - 1)) / 1e9;
        }
        return v <= 0 ? 0 : Math.pow(2, Math.ceil(Math.log(v) / Math.log(2)));
    }

    /** The q-quantile with linear interpolation between closest ranks (as PromQL's quantile_over_time). */
    static double quantile(double[] vals, int size, double q) {
        double[] v = Arrays.copyOf(vals, size);
        Arrays.sort(v);
        double rank = q * (size - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, size - 1);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }

    // ---------------------------------------------------------------- compare()

    /** compare(): spans split into selection and baseline; per attribute value counts, topN values per attribute, and totals. */
    private final class Compare {
        final Ast.MetricsFn fn;
        /** [group][key][value] -> counts per interval; group 0 baseline, 1 selection. */
        final List<Map<String, Map<AttrValue, double[]>>> counts = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        final double[][] totals = new double[2][n];

        Compare(Ast.MetricsFn fn) {
            this.fn = fn;
        }

        List<MetricsSeries> run(Ast.Pipeline search) {
            long end = start + step * n;
            querier.scan(tenant, start, end - 1, (id, spans) -> {
                inspectedTraces++;
                inspectedSpans += spans.size();
                TraceView t = new TraceView(spans);
                BitSet matched = union(Evaluator.pipeline(search, t));
                BitSet selected = union(Evaluator.spansets(fn.selection(), t));
                for (int i = matched.nextSetBit(0); i >= 0; i = matched.nextSetBit(i + 1)) {
                    Span s = spans.get(i);
                    if (s.startNanos() < start || s.startNanos() >= end) {
                        continue;
                    }
                    boolean inWindow = fn.startNs() == 0 || (s.startNanos() >= fn.startNs() && s.startNanos() < fn.endNs());
                    int g = selected.get(i) && inWindow ? 1 : 0;
                    int idx = (int) ((s.startNanos() - start) / step);
                    totals[g][idx]++;
                    count(g, "name", AttrValue.string(s.name()), idx);
                    count(g, "status", AttrValue.string(Literals.STATUS_NAMES[Math.min(s.statusCode(), 2)]), idx);
                    count(g, "kind", AttrValue.string(Literals.KIND_NAMES[Math.min(s.kind(), 5)]), idx);
                    for (Attr a : s.attributes()) {
                        count(g, "span." + a.key(), a.value(), idx);
                    }
                    for (Attr a : s.resource().attributes()) {
                        count(g, "resource." + a.key(), a.value(), idx);
                    }
                }
                return true;
            });
            List<MetricsSeries> out = new ArrayList<>();
            String[] types = {"baseline", "selection"};
            for (int g = 0; g < 2; g++) {
                for (Map.Entry<String, Map<AttrValue, double[]>> key : counts.get(g).entrySet()) {
                    List<Map.Entry<AttrValue, double[]>> vals = new ArrayList<>(key.getValue().entrySet());
                    // most spans first; ties by value text, so the topN cut is deterministic
                    vals.sort(Comparator.comparingDouble((Map.Entry<AttrValue, double[]> e) -> -Arrays.stream(e.getValue()).sum())
                            .thenComparing(e -> e.getKey().asText()));
                    for (Map.Entry<AttrValue, double[]> v : vals.subList(0, Math.min(fn.topN(), vals.size()))) {
                        out.add(new MetricsSeries(List.of(new Attr("__meta_type", AttrValue.string(types[g])), new Attr(key.getKey(), v.getKey())),
                                timestamps(), v.getValue(), List.of()));
                    }
                    out.add(new MetricsSeries(List.of(new Attr("__meta_type", AttrValue.string(types[g] + "_total")),
                            new Attr(key.getKey(), AttrValue.EMPTY_VALUE)), timestamps(), totals[g].clone(), List.of()));
                }
            }
            return out;
        }

        private void count(int g, String key, AttrValue v, int idx) {
            AttrValue.Type ty = v.type();
            if (ty == AttrValue.Type.ARRAY || ty == AttrValue.Type.KVLIST || ty == AttrValue.Type.BYTES || ty == AttrValue.Type.EMPTY) {
                return;
            }
            counts.get(g).computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(v, x -> {
                reserve();
                return new double[n];
            })[idx]++;
        }
    }

    // ---------------------------------------------------------------- arithmetic and second stages

    private Operand binary(Op op, Operand l, Operand r) {
        if (l.series() == null && r.series() == null) {
            return new Operand(null, apply(op, l.scalar(), r.scalar()));
        }
        List<MetricsSeries> out = new ArrayList<>();
        if (l.series() == null || r.series() == null) {
            boolean scalarLeft = l.series() == null;
            double c = scalarLeft ? l.scalar() : r.scalar();
            for (MetricsSeries s : scalarLeft ? r.series() : l.series()) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = scalarLeft ? apply(op, c, s.values()[i]) : apply(op, s.values()[i], c);
                }
                out.add(new MetricsSeries(s.labels(), s.timestampsMs(), v, List.of()));
            }
            return new Operand(out, Double.NaN);
        }
        Map<java.util.Set<Attr>, MetricsSeries> right = new HashMap<>();
        for (MetricsSeries s : r.series()) {
            right.put(java.util.Set.copyOf(s.labels()), s);
        }
        for (MetricsSeries s : l.series()) {
            MetricsSeries m = right.get(java.util.Set.copyOf(s.labels()));
            if (m == null) {
                continue; // one-to-one on identical labels, as PromQL's default matching
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = apply(op, s.values()[i], m.values()[i]);
            }
            out.add(new MetricsSeries(s.labels(), s.timestampsMs(), v, List.of()));
        }
        return new Operand(out, Double.NaN);
    }

    private static double apply(Op op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            default -> a / b;
        };
    }

    private List<MetricsSeries> second(List<MetricsSeries> in, List<Ast.SecondStage> stages) {
        List<MetricsSeries> cur = in;
        for (Ast.SecondStage st : stages) {
            List<double[]> vals = new ArrayList<>();
            for (MetricsSeries s : cur) {
                vals.add(s.values().clone());
            }
            switch (st) {
                case Ast.ValueFilter f -> {
                    for (double[] v : vals) {
                        for (int i = 0; i < n; i++) {
                            if (!Double.isNaN(v[i]) && !Evaluator.compare(Value.dbl(v[i]), f.op(), Value.dbl(f.threshold()), null)) {
                                v[i] = Double.NaN;
                            }
                        }
                    }
                }
                case Ast.TopK k -> {
                    for (int i = 0; i < n; i++) {
                        int at = i;
                        List<Integer> order = new ArrayList<>();
                        for (int s = 0; s < vals.size(); s++) {
                            if (!Double.isNaN(vals.get(s)[i])) {
                                order.add(s);
                            }
                        }
                        order.sort(Comparator.comparingDouble((Integer s) -> k.top() ? -vals.get(s)[at] : vals.get(s)[at]));
                        for (int j = k.k(); j < order.size(); j++) {
                            vals.get(order.get(j))[i] = Double.NaN;
                        }
                    }
                }
            }
            List<MetricsSeries> next = new ArrayList<>();
            for (int s = 0; s < cur.size(); s++) {
                if (Arrays.stream(vals.get(s)).anyMatch(d -> !Double.isNaN(d))) {
                    MetricsSeries old = cur.get(s);
                    next.add(new MetricsSeries(old.labels(), old.timestampsMs(), vals.get(s), old.exemplars()));
                }
            }
            cur = next;
        }
        return cur;
    }
}
