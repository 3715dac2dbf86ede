package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.promql.parser.BinaryOp;
import ai.gatewayz.obs.metrics.promql.parser.Expr;
import ai.gatewayz.obs.metrics.promql.parser.Expr.AtKind;
import ai.gatewayz.obs.metrics.promql.parser.Expr.VectorMatching;
import ai.gatewayz.obs.metrics.promql.parser.Expr.VectorMatching.Cardinality;
import ai.gatewayz.obs.metrics.promql.parser.ValueType;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an expression over all steps of a query at once ("column at a time"): an instant
 * vector is a list of {@link Row}s holding one value slot per step, a scalar a {@code double[]}.
 * Range vectors are raw sample arrays with a reference time per step. One instance per query (or
 * subquery level); not thread-safe.
 */
final class Evaluator {
    final Querier querier;
    final QueryOptions opts;
    final long[] times;
    final int n;
    final long queryStart;
    final long queryEnd;
    final long queryStep;
    final String query;
    final Shared shared;

    /** State shared by an evaluator and its subquery evaluators. */
    static final class Shared {
        final long deadlineNanos;
        long samples;
        final LinkedHashSet<String> warnings = new LinkedHashSet<>();
        final LinkedHashSet<String> infos = new LinkedHashSet<>();
        final Map<Expr, List<RangeSeries>> selectorCache = new IdentityHashMap<>();

        Shared(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    Evaluator(Querier querier, QueryOptions opts, long[] times, long queryStart, long queryEnd, long queryStep,
              String query, Shared shared) {
        this.queryStep = queryStep;
        this.querier = querier;
        this.opts = opts;
        this.times = times;
        this.n = times.length;
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
        this.query = query;
        this.shared = shared;
    }

    void checkDeadline() {
        if (System.nanoTime() - shared.deadlineNanos > 0) {
            throw EngineErrors.timeout();
        }
    }

    void countSamples(long k) {
        shared.samples += k;
        if (shared.samples > opts.maxSamples()) {
            throw EngineErrors.tooManySamples();
        }
    }

    String pos(Expr e) {
        String p = ai.gatewayz.obs.metrics.promql.parser.Positions.of(query, e.start());
        return " (" + p + ")";
    }

    void warn(String msg, Expr at) {
        shared.warnings.add("PromQL warning: " + msg + pos(at));
    }

    void info(String msg, Expr at) {
        shared.infos.add("PromQL info: " + msg + pos(at));
    }

    // ------------------------------------------------------------------ dispatch

    Object eval(Expr e) {
        checkDeadline();
        return switch (e) {
            case Expr.NumberLiteral nl -> constant(nl.value());
            case Expr.StringLiteral s -> s.value();
            case Expr.Paren p -> eval(p.expr());
            case Expr.Unary u -> unary(u);
            case Expr.VectorSelector vs -> selectVector(vs);
            case Expr.MatrixSelector ms -> matrix(ms);
            case Expr.Subquery sq -> matrix(sq);
            case Expr.Binary b -> binary(b);
            case Expr.Call c -> new Calls(this).call(c);
            case Expr.Aggregate a -> new Aggregations(this).aggregate(a);
        };
    }

    double[] constant(double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    @SuppressWarnings("unchecked")
    List<Row> evalVector(Expr e) {
        return (List<Row>) eval(e);
    }

    double[] evalScalar(Expr e) {
        return (double[]) eval(e);
    }

    private Object unary(Expr.Unary u) {
        Object v = eval(u.expr());
        if (!u.negate()) {
            return v;
        }
        if (v instanceof double[] s) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = -s[i];
            }
            return out;
        }
        List<Row> rows = (List<Row>) v;
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Row o = new Row(dropName(r.labels), n);
            for (int i = 0; i < n; i++) {
                if (r.has[i]) {
                    o.set(i, -r.v[i]);
                } else if (r.hist(i) != null) {
                    o.setHistogram(i, HistogramOps.mul(r.h[i], -1));
                }
            }
            out.add(o);
        }
        return mergeSameLabels(out);
    }

    static Labels dropName(Labels l) {
        return l.has(Labels.METRIC_NAME) ? l.toBuilder().del(Labels.METRIC_NAME).build() : l;
    }

    /** Rows whose labels became equal are merged; a clash at the same step is Prometheus's error. */
    List<Row> mergeSameLabels(List<Row> rows) {
        if (rows.size() < 2) {
            return rows;
        }
        Map<Labels, Row> seen = new HashMap<>(rows.size() * 2);
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Row prev = seen.putIfAbsent(r.labels, r);
            if (prev == null) {
                out.add(r);
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (r.present(i)) {
                    if (prev.present(i)) {
                        throw EngineErrors.duplicateLabelset();
                    }
                    if (r.has[i]) {
                        prev.set(i, r.v[i]);
                    } else {
                        prev.setHistogram(i, r.h[i]);
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ selectors

    long[] refTimes(long offset, AtKind at, long atMs) {
        long[] refs = new long[n];
        for (int i = 0; i < n; i++) {
            long base = switch (at) {
                case NONE -> times[i];
                case TIMESTAMP -> atMs;
                case START -> queryStart;
                case END -> queryEnd;
            };
            refs[i] = base - offset;
        }
        return refs;
    }

    static long min(long[] a) {
        long m = Long.MAX_VALUE;
        for (long x : a) {
            m = Math.min(m, x);
        }
        return m;
    }

    static long max(long[] a) {
        long m = Long.MIN_VALUE;
        for (long x : a) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Loads raw samples (floats and native histograms) of every series matching, within [mint, maxt]. */
    List<RangeSeries> load(List<LabelMatcher> matchers, long mint, long maxt, boolean keepStale) {
        List<RangeSeries> out = new ArrayList<>();
        SeriesSet set = querier.select(false, matchers);
        SampleIterator it = null;
        HistogramIterator hit = null;
        long loaded = 0;
        while (set.next()) {
            var s = set.at();
            it = s.iterator(it);
            hit = s.histogramIterator(hit);
            RangeSeries rs = null;
            boolean hasF = it.seek(mint) && it.t() <= maxt;
            boolean hasH = hit.seek(mint) && hit.t() <= maxt;
            while (hasF || hasH) {
                if (hasF && (!hasH || it.t() <= hit.t())) {
                    double v = it.v();
                    long t = it.t();
                    if (hasH && hit.t() == t) {
                        hasH = hit.next() && hit.t() <= maxt; // a float and a histogram at one time: the float wins
                    }
                    if (keepStale || !Values.isStaleNaN(v)) {
                        if (rs == null) {
                            rs = new RangeSeries(s.labels(), 16);
                        }
                        rs.add(t, v);
                    }
                    hasF = it.next() && it.t() <= maxt;
                } else {
                    Histogram h = hit.h();
                    if (keepStale || !Values.isStaleNaN(h.sum())) {
                        if (rs == null) {
                            rs = new RangeSeries(s.labels(), 16);
                        }
                        rs.addHistogram(hit.t(), h);
                    }
                    hasH = hit.next() && hit.t() <= maxt;
                }
            }
            if (rs != null) {
                out.add(rs);
                loaded += rs.n;
                if ((out.size() & 255) == 0) {
                    checkDeadline();
                    countSamples(loaded);
                    loaded = 0;
                }
            }
        }
        countSamples(loaded);
        for (String w : set.warnings()) {
            shared.warnings.add(w);
        }
        return out;
    }

    List<Row> selectVector(Expr.VectorSelector vs) {
        long[] refs = refTimes(vs.offsetMs(), vs.atKind(), vs.atMs());
        long lookback = opts.lookbackDeltaMs();
        List<RangeSeries> series = load(vs.matchers(), min(refs) - lookback + 1, max(refs), true);
        List<Row> rows = new ArrayList<>(series.size());
        for (RangeSeries s : series) {
            Row row = null;
            int idx = 0;
            long prevRef = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                long ref = refs[i];
                idx = s.upperBound(ref, ref >= prevRef ? idx : 0);
                prevRef = ref;
                int j = idx - 1;
                if (j < 0 || s.t[j] <= ref - lookback) {
                    continue;
                }
                Histogram h = s.hist(j);
                double v = s.v[j];
                if (h != null ? Values.isStaleNaN(h.sum()) : Values.isStaleNaN(v)) {
                    continue;
                }
                if (row == null) {
                    row = new Row(s.labels, n);
                    row.ts = new long[n];
                }
                if (h != null) {
                    row.setHistogram(i, h);
                } else {
                    row.set(i, v);
                }
                row.ts[i] = s.t[j];
            }
            if (row != null) {
                rows.add(row);
            }
        }
        countSamples((long) rows.size() * n);
        return rows;
    }

    MatrixArg matrix(Expr e) {
        while (e instanceof Expr.Paren p) {
            e = p.expr();
        }
        if (e instanceof Expr.MatrixSelector ms) {
            Expr.VectorSelector vs = ms.selector();
            long[] refs = refTimes(vs.offsetMs(), vs.atKind(), vs.atMs());
            List<RangeSeries> series = load(vs.matchers(), min(refs) - ms.rangeMs() + 1, max(refs), false);
            return new MatrixArg(series, refs, ms.rangeMs(), vs.name());
        }
        Expr.Subquery sq = (Expr.Subquery) e;
        long[] refs = refTimes(sq.offsetMs(), sq.atKind(), sq.atMs());
        long step = sq.stepMs() > 0 ? sq.stepMs() : opts.defaultSubqueryStepMs();
        long from = min(refs) - sq.rangeMs();
        long first = Math.floorDiv(from, step) * step;
        if (first < from) {
            first += step;
        }
        long last = max(refs);
        List<RangeSeries> out = new ArrayList<>();
        if (first <= last) {
            long count = (last - first) / step + 1;
            if (count > 50_000_000L) {
                throw EngineErrors.tooManySamples();
            }
            long[] inner = new long[(int) count];
            for (int i = 0; i < inner.length; i++) {
                inner[i] = first + i * step;
            }
            Evaluator sub = new Evaluator(querier, opts, inner, queryStart, queryEnd, queryStep, query, shared);
            Object v = sub.eval(sq.expr());
            if (v instanceof double[] sc) {
                RangeSeries rs = new RangeSeries(Labels.EMPTY, inner.length);
                for (int i = 0; i < inner.length; i++) {
                    rs.add(inner[i], sc[i]);
                }
                out.add(rs);
            } else {
                for (Row r : sub.evalVectorValue(v)) {
                    RangeSeries rs = new RangeSeries(r.labels, r.count());
                    for (int i = 0; i < inner.length; i++) {
                        if (r.has[i]) {
                            rs.add(inner[i], r.v[i]);
                        } else if (r.hist(i) != null) {
                            rs.addHistogram(inner[i], r.h[i]);
                        }
                    }
                    out.add(rs);
                }
            }
        }
        return new MatrixArg(out, refs, sq.rangeMs(), null);
    }

    @SuppressWarnings("unchecked")
    List<Row> evalVectorValue(Object v) {
        return (List<Row>) v;
    }

    // ------------------------------------------------------------------ binary operators

    private Object binary(Expr.Binary b) {
        Object l = eval(b.lhs());
        Object r = eval(b.rhs());
        binaryExpr = b;
        BinaryOp op = b.op();
        if (l instanceof double[] ls && r instanceof double[] rs) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                if (op.isComparison()) {
                    out[i] = compare(op, ls[i], rs[i]) ? 1 : 0;
                } else {
                    out[i] = arith(op, ls[i], rs[i]);
                }
            }
            return out;
        }
        if (l instanceof double[] ls) {
            return vectorScalar(op, evalVectorValue(r), ls, true, b.returnBool());
        }
        if (r instanceof double[] rs) {
            return vectorScalar(op, evalVectorValue(l), rs, false, b.returnBool());
        }
        List<Row> lv = evalVectorValue(l);
        List<Row> rv = evalVectorValue(r);
        return switch (op) {
            case AND -> setAnd(lv, rv, b.matching(), false);
            case UNLESS -> setAnd(lv, rv, b.matching(), true);
            case OR -> mergeSameLabels(setOr(lv, rv, b.matching()));
            default -> vectorVector(b, lv, rv);
        };
    }

    static double arith(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MOD -> a % b;
            case POW -> FloatMath.pow(a, b);
            case ATAN2 -> Math.atan2(a, b);
            default -> throw new IllegalStateException("not arithmetic: " + op);
        };
    }

    static boolean compare(BinaryOp op, double a, double b) {
        return switch (op) {
            case EQLC -> a == b;
            case NEQ -> a != b;
            case GTR -> a > b;
            case LSS -> a < b;
            case GTE -> a >= b;
            case LTE -> a <= b;
            default -> throw new IllegalStateException("not a comparison: " + op);
        };
    }

    private List<Row> vectorScalar(BinaryOp op, List<Row> vec, double[] sc, boolean scalarLeft, boolean returnBool) {
        boolean drop = !op.isComparison() || returnBool;
        List<Row> out = new ArrayList<>(vec.size());
        for (Row r : vec) {
            Row o = new Row(drop ? dropName(r.labels) : r.labels, n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!r.has[i]) {
                    Histogram h = r.hist(i);
                    if (h != null) {
                        Histogram res = op.isComparison() ? null : histogramScalar(op, h, sc[i], scalarLeft);
                        if (res != null) {
                            o.setHistogram(i, res);
                            any = true;
                        } else {
                            incompatible(op, !scalarLeft, scalarLeft);
                        }
                    }
                    continue;
                }
                double lv = scalarLeft ? sc[i] : r.v[i];
                double rv = scalarLeft ? r.v[i] : sc[i];
                if (op.isComparison()) {
                    boolean keep = compare(op, lv, rv);
                    if (returnBool) {
                        o.set(i, keep ? 1 : 0);
                        any = true;
                    } else if (keep) {
                        o.set(i, r.v[i]);
                        any = true;
                    }
                } else {
                    o.set(i, arith(op, lv, rv));
                    any = true;
                }
            }
            if (any) {
                out.add(o);
            }
        }
        return drop ? mergeSameLabels(out) : out;
    }

    /** The binary expression being evaluated (for annotations). */
    private Expr.Binary binaryExpr;

    /** Prometheus's info for an operation it skips between these sample kinds. */
    private void incompatible(BinaryOp op, boolean leftHistogram, boolean rightHistogram) {
        info("incompatible sample types encountered for binary operator \"" + op.symbol() + "\": "
                + (leftHistogram ? "histogram" : "float") + " " + op.symbol() + " " + (rightHistogram ? "histogram" : "float"),
                binaryExpr);
    }

    /** histogram × scalar, scalar × histogram and histogram / scalar; null (dropped) for other operators. */
    static Histogram histogramScalar(BinaryOp op, Histogram h, double f, boolean scalarLeft) {
        return switch (op) {
            case MUL -> HistogramOps.mul(h, f);
            case DIV -> scalarLeft ? null : HistogramOps.div(h, f);
            default -> null;
        };
    }

    /** An operation between two samples of which at least one is a histogram; null when Prometheus drops it. */
    static Histogram histogramBinary(BinaryOp op, Histogram lh, double lf, Histogram rh, double rf) {
        if (lh != null && rh != null) {
            return switch (op) {
                case ADD -> HistogramOps.add(lh, rh);
                case SUB -> HistogramOps.sub(lh, rh);
                default -> null;
            };
        }
        if (lh != null) {
            return histogramScalar(op, lh, rf, false);
        }
        return histogramScalar(op, rh, lf, true);
    }

    static Labels signature(Labels l, VectorMatching m) {
        Labels.Builder b = Labels.builder();
        if (m != null && m.on()) {
            for (String name : m.labels()) {
                b.set(name, l.get(name));
            }
            return b.build();
        }
        Labels.Builder all = l.toBuilder().del(Labels.METRIC_NAME);
        if (m != null) {
            for (String name : m.labels()) {
                all.del(name);
            }
        }
        return all.build();
    }

    private Map<Labels, List<Row>> bySignature(List<Row> rows, VectorMatching m) {
        Map<Labels, List<Row>> map = new HashMap<>();
        for (Row r : rows) {
            map.computeIfAbsent(signature(r.labels, m), k -> new ArrayList<>(1)).add(r);
        }
        return map;
    }

    private List<Row> setAnd(List<Row> lhs, List<Row> rhs, VectorMatching m, boolean unless) {
        Map<Labels, List<Row>> right = bySignature(rhs, m);
        List<Row> out = new ArrayList<>();
        for (Row l : lhs) {
            List<Row> matches = right.get(signature(l.labels, m));
            Row o = new Row(l.labels, n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!l.present(i)) {
                    continue;
                }
                boolean found = false;
                if (matches != null) {
                    for (Row r : matches) {
                        if (r.present(i)) {
                            found = true;
                            break;
                        }
                    }
                }
                if (found != unless) {
                    copy(l, o, i);
                    any = true;
                }
            }
            if (any) {
                out.add(o);
            }
        }
        return out;
    }

    /** Copies step {@code i} (float or histogram) of {@code from} into {@code to}. */
    static void copy(Row from, Row to, int i) {
        if (from.has[i]) {
            to.set(i, from.v[i]);
        } else if (from.hist(i) != null) {
            to.setHistogram(i, from.h[i]);
        }
    }

    private List<Row> setOr(List<Row> lhs, List<Row> rhs, VectorMatching m) {
        Map<Labels, List<Row>> left = bySignature(lhs, m);
        List<Row> out = new ArrayList<>(lhs);
        for (Row r : rhs) {
            List<Row> matches = left.get(signature(r.labels, m));
            Row o = new Row(r.labels, n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (!r.present(i)) {
                    continue;
                }
                boolean found = false;
                if (matches != null) {
                    for (Row l : matches) {
                        if (l.present(i)) {
                            found = true;
                            break;
                        }
                    }
                }
                if (!found) {
                    copy(r, o, i);
                    any = true;
                }
            }
            if (any) {
                out.add(o);
            }
        }
        return out;
    }

    private List<Row> vectorVector(Expr.Binary b, List<Row> lhs, List<Row> rhs) {
        VectorMatching m = b.matching();
        BinaryOp op = b.op();
        boolean oneToMany = m.card() == Cardinality.ONE_TO_MANY;
        List<Row> many = oneToMany ? rhs : lhs;
        List<Row> one = oneToMany ? lhs : rhs;
        boolean drop = !op.isComparison() || b.returnBool();
        Map<Labels, List<Row>> oneBySig = bySignature(one, m);
        Map<Labels, Row> result = new LinkedHashMap<>();
        Map<Labels, boolean[]> matchedSigs = m.card() == Cardinality.ONE_TO_ONE ? new HashMap<>() : null;
        for (Row mr : many) {
            Labels sig = signature(mr.labels, m);
            List<Row> candidates = oneBySig.get(sig);
            if (candidates == null) {
                continue;
            }
            Map<Row, Labels> labelCache = new IdentityHashMap<>(2);
            for (int i = 0; i < n; i++) {
                if (!mr.present(i)) {
                    continue;
                }
                Row or = null;
                for (Row c : candidates) {
                    if (c.present(i)) {
                        if (or != null) {
                            Labels first = or.labels.compareTo(c.labels) <= 0 ? or.labels : c.labels;
                            Labels second = first == or.labels ? c.labels : or.labels;
                            throw EngineErrors.execution("found duplicate series for the match group "
                                    + matchLabels(c.labels, m) + " on the " + (oneToMany ? "left" : "right")
                                    + " hand-side of the operation: [" + first + ", " + second
                                    + "];many-to-many matching not allowed: matching labels must be unique on one side");
                        }
                        or = c;
                    }
                }
                if (or == null) {
                    continue;
                }
                if (matchedSigs != null) {
                    boolean[] used = matchedSigs.computeIfAbsent(sig, k -> new boolean[n]);
                    if (used[i]) {
                        throw EngineErrors.execution(
                                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }
                    used[i] = true;
                }
                Row lrow = oneToMany ? or : mr;
                Row rrow = oneToMany ? mr : or;
                double fl = lrow.v[i];
                double fr = rrow.v[i];
                double value;
                Histogram hv = null;
                if (!lrow.has[i] && !rrow.has[i] && (op == BinaryOp.EQLC || op == BinaryOp.NEQ)) {
                    // histograms compare for equality only
                    boolean keep = HistogramOps.equalValue(lrow.h[i], rrow.h[i]) == (op == BinaryOp.EQLC);
                    if (b.returnBool()) {
                        value = keep ? 1 : 0;
                    } else if (!keep) {
                        continue;
                    } else {
                        hv = lrow.h[i];
                        value = Double.NaN;
                    }
                } else if (!lrow.has[i] || !rrow.has[i]) {
                    hv = op.isComparison() ? null : histogramBinary(op, lrow.hist(i), fl, rrow.hist(i), fr);
                    if (hv == null) {
                        incompatible(op, !lrow.has[i], !rrow.has[i]);
                        continue;
                    }
                    value = Double.NaN;
                } else if (op.isComparison()) {
                    boolean keep = compare(op, fl, fr);
                    if (b.returnBool()) {
                        value = keep ? 1 : 0;
                    } else if (!keep) {
                        continue;
                    } else {
                        value = fl;
                    }
                } else {
                    value = arith(op, fl, fr);
                }
                final Row oneRow = or;
                Labels out = labelCache.computeIfAbsent(oneRow, k -> resultLabels(mr.labels, oneRow.labels, m, drop));
                Row res = result.get(out);
                if (res == null) {
                    res = new Row(out, n);
                    result.put(out, res);
                } else if (res.present(i)) {
                    throw EngineErrors.execution(
                            "multiple matches for labels: grouping labels must ensure unique matches");
                }
                if (hv != null) {
                    res.setHistogram(i, hv);
                } else {
                    res.set(i, value);
                }
            }
        }
        return new ArrayList<>(result.values());
    }

    private static Labels matchLabels(Labels l, VectorMatching m) {
        if (m.on()) {
            Labels.Builder b = Labels.builder();
            for (String name : m.labels()) {
                b.set(name, l.get(name));
            }
            return b.build();
        }
        Labels.Builder b = l.toBuilder().del(Labels.METRIC_NAME);
        for (String name : m.labels()) {
            b.del(name);
        }
        return b.build();
    }

    private static Labels resultLabels(Labels many, Labels one, VectorMatching m, boolean dropName) {
        Labels.Builder b = many.toBuilder();
        if (dropName) {
            b.del(Labels.METRIC_NAME);
        }
        if (m.card() == Cardinality.ONE_TO_ONE) {
            if (m.on()) {
                Labels.Builder k = Labels.builder();
                for (String name : m.labels()) {
                    if (!(dropName && name.equals(Labels.METRIC_NAME))) {
                        k.set(name, many.get(name));
                    }
                }
                return k.build();
            }
            for (String name : m.labels()) {
                b.del(name);
            }
        }
        for (String name : m.include()) {
            b.set(name, one.get(name));
        }
        return b.build();
    }

    // ------------------------------------------------------------------ helpers shared with functions

    boolean isScalarType(Expr e) {
        return e.type() == ValueType.SCALAR;
    }
}
