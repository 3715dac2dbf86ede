package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.promql.parser.Expr;
import ai.gatewayz.obs.metrics.promql.parser.Parser;
import ai.gatewayz.obs.metrics.promql.parser.ValueType;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL engine: parses, plans the time range to read, evaluates over a {@link Storage} and
 * shapes the result. Thread-safe (stateless apart from its options); each query gets its own
 * evaluator and querier.
 *
 * <pre>
 *   text ──Parser──► Expr ──bounds──► Querier[mint,maxt] ──Evaluator (all steps at once)──► QueryResult
 * </pre>
 */
public final class PromqlEngine {
    private final QueryOptions opts;

    public PromqlEngine(QueryOptions opts) {
        this.opts = opts;
    }

    public PromqlEngine() {
        this(QueryOptions.DEFAULTS);
    }

    public QueryOptions options() {
        return opts;
    }

    /** Evaluates an instant query at {@code timeMs}. */
    public QueryResult instant(Storage storage, String query, long timeMs) {
        return instant(storage, query, timeMs, opts);
    }

    public QueryResult instant(Storage storage, String query, long timeMs, QueryOptions o) {
        Expr e = Parser.parse(query);
        return run(storage, e, query, new long[] {timeMs}, timeMs, timeMs, 0, false, o);
    }

    /** Evaluates a range query; {@code stepMs} must be positive. */
    public QueryResult range(Storage storage, String query, long startMs, long endMs, long stepMs) {
        return range(storage, query, startMs, endMs, stepMs, opts);
    }

    public QueryResult range(Storage storage, String query, long startMs, long endMs, long stepMs, QueryOptions o) {
        Expr e = Parser.parse(query);
        if (e.type() != ValueType.SCALAR && e.type() != ValueType.VECTOR) {
            throw EngineErrors.badData("invalid expression type \"" + e.type().description()
                    + "\" for range query, must be Scalar or instant Vector");
        }
        if (endMs < startMs) {
            throw EngineErrors.badData("end timestamp must not be before start time");
        }
        long count = (endMs - startMs) / stepMs + 1;
        if (count > o.maxPointsPerSeries()) {
            throw EngineErrors.badData("exceeded maximum resolution of "
                    + String.format(java.util.Locale.ROOT, "%,d", o.maxPointsPerSeries()) + " points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        long[] times = new long[(int) count];
        for (int i = 0; i < times.length; i++) {
            times[i] = startMs + i * stepMs;
        }
        return run(storage, e, query, times, startMs, endMs, stepMs, true, o);
    }

    private QueryResult run(Storage storage, Expr e, String query, long[] times, long start, long end, long step,
                            boolean isRange, QueryOptions o) {
        long[] bounds = {Long.MAX_VALUE, Long.MIN_VALUE};
        Bounds.collect(e, start, end, start, end, o, bounds);
        if (bounds[0] > bounds[1]) {
            bounds[0] = start;
            bounds[1] = end;
        }
        long deadline = System.nanoTime() + Math.max(1, o.timeoutMs()) * 1_000_000L;
        try (Querier q = storage.querier(bounds[0], bounds[1])) {
            Evaluator.Shared shared = new Evaluator.Shared(deadline);
            Evaluator ev = new Evaluator(q, o, times, start, end, step, query, shared);
            Object v = ev.eval(e);
            List<String> warnings = new ArrayList<>(shared.warnings);
            List<String> infos = new ArrayList<>(shared.infos);
            return shape(ev, v, e, times, isRange, warnings, infos, o);
        }
    }

    @SuppressWarnings("unchecked")
    private QueryResult shape(Evaluator ev, Object v, Expr e, long[] times, boolean isRange, List<String> warnings,
                              List<String> infos, QueryOptions o) {
        if (v instanceof String s) {
            return new QueryResult(ValueType.STRING, times[0], 0, s, null, null, warnings, infos);
        }
        if (v instanceof MatrixArg m) {
            List<QueryResult.SeriesPoints> out = new ArrayList<>();
            long ref = m.refs()[0];
            for (RangeSeries s : m.series()) {
                int lo = s.upperBound(ref - m.rangeMs(), 0);
                int hi = s.upperBound(ref, lo);
                if (hi > lo && s.h == null) {
                    out.add(new QueryResult.SeriesPoints(s.labels, java.util.Arrays.copyOfRange(s.t, lo, hi),
                            java.util.Arrays.copyOfRange(s.v, lo, hi)));
                } else if (hi > lo) {
                    out.add(split(s, lo, hi));
                }
            }
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
            checkSeries(out.size(), o);
            return new QueryResult(ValueType.MATRIX, times[0], 0, null, null, out, warnings, infos);
        }
        if (v instanceof double[] s) {
            if (!isRange) {
                return new QueryResult(ValueType.SCALAR, times[0], s[0], null, null, null, warnings, infos);
            }
            List<QueryResult.SeriesPoints> out = List.of(new QueryResult.SeriesPoints(Labels.EMPTY, times.clone(), s.clone()));
            return new QueryResult(ValueType.MATRIX, times[0], 0, null, null, out, warnings, infos);
        }
        List<Row> rows = (List<Row>) v;
        if (!isRange) {
            List<QueryResult.Sample> out = new ArrayList<>(rows.size());
            java.util.Set<Labels> seen = new java.util.HashSet<>();
            for (Row r : rows) {
                if (r.present(0)) {
                    if (!seen.add(r.labels)) {
                        throw EngineErrors.duplicateLabelset();
                    }
                    out.add(r.has[0] ? new QueryResult.Sample(r.labels, times[0], r.v[0])
                            : new QueryResult.Sample(r.labels, times[0], Double.NaN, r.h[0]));
                }
            }
            checkSeries(out.size(), o);
            return new QueryResult(ValueType.VECTOR, times[0], 0, null, out, null, warnings, infos);
        }
        List<QueryResult.SeriesPoints> out = new ArrayList<>(rows.size());
        rows = ev.mergeSameLabels(rows);
        for (Row r : rows) {
            int c = r.count();
            if (c == 0) {
                continue;
            }
            if (r.hasHistograms()) {
                out.add(split(r, times));
                continue;
            }
            long[] t = new long[c];
            double[] vals = new double[c];
            int k = 0;
            for (int i = 0; i < times.length; i++) {
                if (r.has[i]) {
                    t[k] = times[i];
                    vals[k] = r.v[i];
                    k++;
                }
            }
            out.add(new QueryResult.SeriesPoints(r.labels, t, vals));
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).labels().equals(out.get(i - 1).labels())) {
                throw EngineErrors.duplicateLabelset();
            }
        }
        checkSeries(out.size(), o);
        return new QueryResult(ValueType.MATRIX, times[0], 0, null, null, out, warnings, infos);
    }

    /** A row with histograms as matrix points: floats and histograms apart. */
    private static QueryResult.SeriesPoints split(Row r, long[] times) {
        RangeSeries f = new RangeSeries(r.labels, 4);
        RangeSeries h = new RangeSeries(r.labels, 4);
        for (int i = 0; i < times.length; i++) {
            if (r.has[i]) {
                f.add(times[i], r.v[i]);
            } else if (r.h[i] != null) {
                h.addHistogram(times[i], r.h[i]);
            }
        }
        return points(f, h);
    }

    /** Samples [lo, hi) of a raw series with histograms as matrix points. */
    private static QueryResult.SeriesPoints split(RangeSeries s, int lo, int hi) {
        RangeSeries f = new RangeSeries(s.labels, 4);
        RangeSeries h = new RangeSeries(s.labels, 4);
        for (int k = lo; k < hi; k++) {
            if (s.h[k] == null) {
                f.add(s.t[k], s.v[k]);
            } else {
                h.addHistogram(s.t[k], s.h[k]);
            }
        }
        return points(f, h);
    }

    private static QueryResult.SeriesPoints points(RangeSeries f, RangeSeries h) {
        return new QueryResult.SeriesPoints(f.labels, java.util.Arrays.copyOf(f.t, f.n), java.util.Arrays.copyOf(f.v, f.n),
                java.util.Arrays.copyOf(h.t, h.n), h.h == null ? new Histogram[0] : java.util.Arrays.copyOf(h.h, h.n));
    }

    private static void checkSeries(int count, QueryOptions o) {
        if (o.maxSeries() > 0 && count > o.maxSeries()) {
            throw EngineErrors.tooManySeries(o.maxSeries());
        }
    }

    /** Computes the time range the storage must serve for an expression. */
    static final class Bounds {
        private Bounds() {
        }

        static void collect(Expr e, long s, long en, long qs, long qe, QueryOptions o, long[] b) {
            switch (e) {
                case Expr.VectorSelector vs -> {
                    long[] r = refRange(vs.offsetMs(), vs.atKind(), vs.atMs(), s, en, qs, qe);
                    extend(b, r[0] - o.lookbackDeltaMs(), r[1]);
                }
                case Expr.MatrixSelector ms -> {
                    Expr.VectorSelector vs = ms.selector();
                    long[] r = refRange(vs.offsetMs(), vs.atKind(), vs.atMs(), s, en, qs, qe);
                    extend(b, r[0] - ms.rangeMs(), r[1]);
                }
                case Expr.Subquery sq -> {
                    long[] r = refRange(sq.offsetMs(), sq.atKind(), sq.atMs(), s, en, qs, qe);
                    collect(sq.expr(), r[0] - sq.rangeMs(), r[1], qs, qe, o, b);
                }
                case Expr.Paren p -> collect(p.expr(), s, en, qs, qe, o, b);
                case Expr.Unary u -> collect(u.expr(), s, en, qs, qe, o, b);
                case Expr.Binary bin -> {
                    collect(bin.lhs(), s, en, qs, qe, o, b);
                    collect(bin.rhs(), s, en, qs, qe, o, b);
                }
                case Expr.Call c -> {
                    for (Expr a : c.args()) {
                        collect(a, s, en, qs, qe, o, b);
                    }
                }
                case Expr.Aggregate a -> {
                    collect(a.expr(), s, en, qs, qe, o, b);
                    if (a.param() != null) {
                        collect(a.param(), s, en, qs, qe, o, b);
                    }
                }
                default -> {
                }
            }
        }

        private static long[] refRange(long offset, Expr.AtKind at, long atMs, long s, long e, long qs, long qe) {
            return switch (at) {
                case NONE -> new long[] {s - offset, e - offset};
                case TIMESTAMP -> new long[] {atMs - offset, atMs - offset};
                case START -> new long[] {qs - offset, qs - offset};
                case END -> new long[] {qe - offset, qe - offset};
            };
        }

        private static void extend(long[] b, long lo, long hi) {
            b[0] = Math.min(b[0], lo);
            b[1] = Math.max(b[1], hi);
        }
    }
}
