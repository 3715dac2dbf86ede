package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.parser.Expr;
import ai.gatewayz.obs.metrics.promql.parser.Printer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Functions over range vectors. Each walks every series once with a sliding window
 * {@code (ref - range, ref]} per step, on primitive arrays.
 */
final class RangeFunctions {
    private final Evaluator ev;
    private final int n;
    private double[] scratch = new double[64];
    // Reused per window so the hot loop does not allocate.
    private final FloatMath.Mean mean = new FloatMath.Mean();
    private final double[] c1 = new double[1];
    private final double[] c2 = new double[1];
    private final double[] c3 = new double[1];
    private final double[] c4 = new double[1];
    private double slope;
    private double intercept;

    RangeFunctions(Evaluator ev) {
        this.ev = ev;
        this.n = ev.n;
    }

    /** Computes one output value from samples [lo, hi) of a series; returns NaN-with-flag via {@link #none}. */
    interface Window {
        double apply(RangeSeries s, int lo, int hi, long ref, int step);
    }

    private boolean none;

    Object call(Expr.Call c) {
        String name = c.func().name();
        List<Expr> args = c.args();
        double[] p1 = null;
        double[] p2 = null;
        Expr matrixExpr;
        switch (name) {
            case "quantile_over_time" -> {
                p1 = ev.evalScalar(args.get(0));
                matrixExpr = args.get(1);
            }
            case "predict_linear" -> {
                matrixExpr = args.get(0);
                p1 = ev.evalScalar(args.get(1));
            }
            case "holt_winters", "double_exponential_smoothing" -> {
                matrixExpr = args.get(0);
                p1 = ev.evalScalar(args.get(1));
                p2 = ev.evalScalar(args.get(2));
            }
            default -> matrixExpr = args.get(0);
        }
        MatrixArg m = ev.matrix(matrixExpr);
        if (name.equals("absent_over_time")) {
            return absentOverTime(m, matrixExpr);
        }
        final double[] a1 = p1;
        final double[] a2 = p2;
        if (name.equals("quantile_over_time")) {
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(a1[i]) || a1[i] < 0 || a1[i] > 1) {
                    ev.warn("quantile value should be between 0 and 1, got " + Printer.formatNumber(a1[i]), args.get(0));
                    break;
                }
            }
        }
        if (name.equals("holt_winters") || name.equals("double_exponential_smoothing")) {
            for (int i = 0; i < n; i++) {
                if (!(a1[i] > 0 && a1[i] < 1)) {
                    throw EngineErrors.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: "
                            + String.format(java.util.Locale.ROOT, "%f", a1[i]));
                }
                if (!(a2[i] > 0 && a2[i] < 1)) {
                    throw EngineErrors.execution("invalid trend factor. Expected: 0 < tf < 1, got: "
                            + String.format(java.util.Locale.ROOT, "%f", a2[i]));
                }
            }
        }
        boolean keepName = name.equals("last_over_time") || name.equals("first_over_time");
        long range = m.rangeMs();
        Window w = switch (name) {
            case "rate" -> (s, lo, hi, ref, i) -> extrapolatedRate(s, lo, hi, ref, range, true, true);
            case "increase" -> (s, lo, hi, ref, i) -> extrapolatedRate(s, lo, hi, ref, range, true, false);
            case "delta" -> (s, lo, hi, ref, i) -> extrapolatedRate(s, lo, hi, ref, range, false, false);
            case "irate" -> (s, lo, hi, ref, i) -> instantValue(s, lo, hi, true);
            case "idelta" -> (s, lo, hi, ref, i) -> instantValue(s, lo, hi, false);
            case "deriv" -> (s, lo, hi, ref, i) -> {
                if (hi - lo < 2) {
                    return none();
                }
                linearRegression(s, lo, hi, s.t[lo]);
                return slope;
            };
            case "predict_linear" -> (s, lo, hi, ref, i) -> {
                if (hi - lo < 2) {
                    return none();
                }
                linearRegression(s, lo, hi, ev.times[i]);
                return slope * a1[i] + intercept;
            };
            case "changes" -> (s, lo, hi, ref, i) -> {
                int changes = 0;
                for (int k = lo + 1; k < hi; k++) {
                    double cur = s.v[k];
                    double prev = s.v[k - 1];
                    if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                        changes++;
                    }
                }
                return changes;
            };
            case "resets" -> (s, lo, hi, ref, i) -> {
                int resets = 0;
                for (int k = lo + 1; k < hi; k++) {
                    if (s.v[k] < s.v[k - 1]) {
                        resets++;
                    }
                }
                return resets;
            };
            case "avg_over_time" -> (s, lo, hi, ref, i) -> {
                mean.reset();
                for (int k = lo; k < hi; k++) {
                    mean.add(s.v[k]);
                }
                return mean.result();
            };
            case "sum_over_time" -> (s, lo, hi, ref, i) -> {
                double[] comp = c1;
                comp[0] = 0;
                double sum = 0;
                for (int k = lo; k < hi; k++) {
                    sum = FloatMath.kahanSumInc(s.v[k], sum, comp);
                }
                return sum + comp[0];
            };
            case "count_over_time" -> (s, lo, hi, ref, i) -> hi - lo;
            case "present_over_time" -> (s, lo, hi, ref, i) -> 1;
            case "last_over_time" -> (s, lo, hi, ref, i) -> s.v[hi - 1];
            case "first_over_time" -> (s, lo, hi, ref, i) -> s.v[lo];
            case "ts_of_last_over_time" -> (s, lo, hi, ref, i) -> s.t[hi - 1] / 1000.0;
            case "ts_of_first_over_time" -> (s, lo, hi, ref, i) -> s.t[lo] / 1000.0;
            case "min_over_time", "ts_of_min_over_time" -> {
                boolean ts = name.startsWith("ts_");
                yield (s, lo, hi, ref, i) -> {
                    double v = s.v[lo];
                    long t = s.t[lo];
                    for (int k = lo + 1; k < hi; k++) {
                        if (s.v[k] <= v || Double.isNaN(v)) {
                            if (s.v[k] < v || Double.isNaN(v) || ts) {
                                v = s.v[k];
                                t = s.t[k];
                            }
                        }
                    }
                    return ts ? t / 1000.0 : v;
                };
            }
            case "max_over_time", "ts_of_max_over_time" -> {
                boolean ts = name.startsWith("ts_");
                yield (s, lo, hi, ref, i) -> {
                    double v = s.v[lo];
                    long t = s.t[lo];
                    for (int k = lo + 1; k < hi; k++) {
                        if (s.v[k] >= v || Double.isNaN(v)) {
                            if (s.v[k] > v || Double.isNaN(v) || ts) {
                                v = s.v[k];
                                t = s.t[k];
                            }
                        }
                    }
                    return ts ? t / 1000.0 : v;
                };
            }
            case "stddev_over_time", "stdvar_over_time" -> {
                boolean dev = name.startsWith("stddev");
                yield (s, lo, hi, ref, i) -> {
                    double count = 0;
                    double mu = 0;
                    double[] cMean = c1;
                    cMean[0] = 0;
                    double aux = 0;
                    double[] cAux = c2;
                    cAux[0] = 0;
                    for (int k = lo; k < hi; k++) {
                        double f = s.v[k];
                        count++;
                        double delta = f - (mu + cMean[0]);
                        mu = FloatMath.kahanSumInc(delta / count, mu, cMean);
                        aux = FloatMath.kahanSumInc(delta * (f - (mu + cMean[0])), aux, cAux);
                    }
                    double var = (aux + cAux[0]) / count;
                    return dev ? Math.sqrt(var) : var;
                };
            }
            case "quantile_over_time" -> (s, lo, hi, ref, i) -> FloatMath.quantile(a1[i], copyWindow(s, lo, hi), hi - lo);
            case "mad_over_time" -> (s, lo, hi, ref, i) -> {
                int cnt = hi - lo;
                double[] vals = copyWindow(s, lo, hi);
                double median = FloatMath.quantile(0.5, vals, cnt);
                for (int k = 0; k < cnt; k++) {
                    vals[k] = Math.abs(vals[k] - median);
                }
                return FloatMath.quantile(0.5, vals, cnt);
            };
            case "holt_winters", "double_exponential_smoothing" -> (s, lo, hi, ref, i) -> {
                if (hi - lo < 2) {
                    return none();
                }
                double sf = a1[i];
                double tf = a2[i];
                double s0 = 0;
                double s1 = s.v[lo];
                double b = s.v[lo + 1] - s.v[lo];
                for (int k = 1; k < hi - lo; k++) {
                    double x = sf * s.v[lo + k];
                    if (k > 1) {
                        b = tf * (s1 - s0) + (1 - tf) * b;
                    }
                    double y = (1 - sf) * (s1 + b);
                    s0 = s1;
                    s1 = x + y;
                }
                return s1;
            };
            default -> throw EngineErrors.execution("function not supported [name=" + name + "]");
        };
        if (name.equals("rate") || name.equals("increase")) {
            checkCounterNames(m, matrixExpr);
        }
        List<Row> out = new ArrayList<>(m.series().size());
        long[] refs = m.refs();
        boolean kindAgnostic = KIND_AGNOSTIC.contains(name) || name.equals("resets") || name.equals("changes");
        boolean histCapable = HISTOGRAM_CAPABLE.contains(name);
        for (RangeSeries s0 : m.series()) {
            RangeSeries s = s0;
            RangeSeries hs = null;
            if (s0.h != null && !kindAgnostic) {
                s = s0.floats();
                hs = histCapable ? s0.histograms() : null;
            }
            Row row = null;
            int lo = 0;
            int hi = 0;
            int hlo = 0;
            int hhi = 0;
            long prev = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                long ref = refs[i];
                if (ref < prev) {
                    lo = 0;
                    hi = 0;
                    hlo = 0;
                    hhi = 0;
                }
                prev = ref;
                lo = s.upperBound(ref - range, lo);
                hi = s.upperBound(ref, Math.max(hi, lo));
                if (s != s0 && hs == null && hi > lo) {
                    int alo = s0.upperBound(ref - range, 0);
                    int ahi = s0.upperBound(ref, alo);
                    if (ahi - alo > hi - lo) {
                        ev.info("ignored histograms in a range containing both floats and histograms for metric name "
                                + Printer.goQuote(s0.labels.metricName()), matrixExpr);
                    }
                }
                if (hs != null) {
                    hlo = hs.upperBound(ref - range, hlo);
                    hhi = hs.upperBound(ref, Math.max(hhi, hlo));
                    if (hhi > hlo) {
                        if (hi > lo) {
                            ev.warn("encountered a mix of histograms and floats for metric name "
                                    + Printer.goQuote(s0.labels.metricName()), matrixExpr);
                            continue;
                        }
                        currentArg = matrixExpr;
                        ai.gatewayz.obs.metrics.model.Histogram hv = histogramWindow(name, hs, hlo, hhi, ref, range);
                        if (hv == null) {
                            continue;
                        }
                        if (row == null) {
                            row = new Row(keepName ? s.labels : Evaluator.dropName(s.labels), n);
                        }
                        row.setHistogram(i, hv);
                        continue;
                    }
                }
                if (hi <= lo) {
                    continue;
                }
                none = false;
                double v = s.h != null && (name.equals("resets") || name.equals("changes"))
                        ? mixedTransitions(s, lo, hi, name.equals("resets")) : w.apply(s, lo, hi, ref, i);
                if (none) {
                    continue;
                }
                if (row == null) {
                    row = new Row(keepName ? s.labels : Evaluator.dropName(s.labels), n);
                }
                row.set(i, v);
            }
            if (row != null) {
                out.add(row);
            }
        }
        ev.checkDeadline();
        return ev.mergeSameLabels(out);
    }

    private Expr currentArg;

    /**
     * resets/changes over a window holding histograms: a histogram counts as reset by Prometheus's
     * detection and as changed when its value differs; a switch between a float and a histogram
     * counts as both.
     */
    private static double mixedTransitions(RangeSeries s, int lo, int hi, boolean resets) {
        int n = 0;
        for (int k = lo + 1; k < hi; k++) {
            ai.gatewayz.obs.metrics.model.Histogram a = s.h[k - 1];
            ai.gatewayz.obs.metrics.model.Histogram b = s.h[k];
            if (a == null && b == null) {
                double prev = s.v[k - 1];
                double cur = s.v[k];
                if (resets ? cur < prev : cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                    n++;
                }
            } else if (a == null || b == null) {
                n++;
            } else if (resets ? HistogramOps.isReset(a, b) : !HistogramOps.equalValue(a, b)) {
                n++;
            }
        }
        return n;
    }

    /** Functions that count or time samples of either kind. */
    private static final java.util.Set<String> KIND_AGNOSTIC = java.util.Set.of("count_over_time", "present_over_time",
            "ts_of_last_over_time", "ts_of_first_over_time");
    /** Functions with a native histogram result. */
    private static final java.util.Set<String> HISTOGRAM_CAPABLE = java.util.Set.of("rate", "increase", "delta", "irate",
            "idelta", "last_over_time", "first_over_time", "sum_over_time", "avg_over_time");

    /** A histogram function over histogram samples [lo, hi) of {@code hs}; null for no result. */
    private ai.gatewayz.obs.metrics.model.Histogram histogramWindow(String name, RangeSeries hs, int lo, int hi, long ref,
            long range) {
        ai.gatewayz.obs.metrics.model.Histogram[] h = hs.h;
        switch (name) {
            case "last_over_time":
                return h[hi - 1];
            case "first_over_time":
                return h[lo];
            case "sum_over_time", "avg_over_time": {
                HistogramOps.Acc acc = HistogramOps.Acc.of(h[lo]);
                for (int k = lo + 1; k < hi; k++) {
                    acc.add(h[k], 1);
                }
                if (name.equals("avg_over_time")) {
                    acc.divide(hi - lo);
                }
                List<ai.gatewayz.obs.metrics.model.Histogram.ResetHint> hints = new ArrayList<>();
                for (int k = lo; k < hi; k++) {
                    hints.add(h[k].hint());
                }
                boolean[] conflict = {false};
                acc.hint = HistogramOps.aggregateHint(hints, conflict);
                if (conflict[0]) {
                    ev.warn("conflicting counter resets during histogram aggregation", currentArg);
                }
                return acc.build();
            }
            case "irate", "idelta": {
                if (hi - lo < 2) {
                    return null;
                }
                ai.gatewayz.obs.metrics.model.Histogram last = h[hi - 1];
                ai.gatewayz.obs.metrics.model.Histogram prev = h[hi - 2];
                boolean rate = name.equals("irate");
                HistogramOps.Acc acc = HistogramOps.Acc.of(last);
                if (!(rate && HistogramOps.isReset(prev, last))) {
                    acc.add(prev, -1);
                }
                long dt = hs.t[hi - 1] - hs.t[hi - 2];
                if (dt == 0) {
                    return null;
                }
                if (rate) {
                    acc.divide(dt / 1000.0);
                }
                acc.hint = ai.gatewayz.obs.metrics.model.Histogram.ResetHint.GAUGE;
                return acc.build();
            }
            default: {
                int cnt = hi - lo;
                if (cnt < 2) {
                    return null;
                }
                boolean counter = !name.equals("delta");
                for (int k = lo; k < hi; k++) {
                    boolean gauge = h[k].hint() == ai.gatewayz.obs.metrics.model.Histogram.ResetHint.GAUGE;
                    if (counter == gauge) {
                        ev.warn("this native histogram metric is not a " + (counter ? "counter" : "gauge") + ": "
                                + Printer.goQuote(hs.labels.metricName()), currentArg);
                        break;
                    }
                }
                boolean rate = name.equals("rate");
                HistogramOps.Acc acc = HistogramOps.Acc.of(h[hi - 1]);
                acc.add(h[lo], -1);
                int minSchema = h[lo].schema();
                for (int k = lo + 1; k < hi; k++) {
                    minSchema = Math.min(minSchema, h[k].schema());
                    if (counter && HistogramOps.isReset(h[k - 1], h[k])) {
                        acc.add(h[k - 1], 1);
                    }
                }
                acc.reduceTo(minSchema);
                long rangeStart = ref - range;
                long firstT = hs.t[lo];
                long lastT = hs.t[hi - 1];
                double durationToStart = (firstT - rangeStart) / 1000.0;
                double durationToEnd = (ref - lastT) / 1000.0;
                double sampled = (lastT - firstT) / 1000.0;
                double avg = sampled / (cnt - 1);
                double threshold = avg * 1.1;
                if (durationToStart >= threshold) {
                    durationToStart = avg / 2;
                }
                if (counter) {
                    acc.fold();
                    if (acc.count > 0 && h[lo].count() >= 0) {
                        double durationToZero = sampled * (h[lo].count() / acc.count);
                        if (durationToZero < durationToStart) {
                            durationToStart = durationToZero;
                        }
                    }
                }
                if (durationToEnd >= threshold) {
                    durationToEnd = avg / 2;
                }
                double factor = (sampled + durationToStart + durationToEnd) / sampled;
                if (rate) {
                    factor /= range / 1000.0;
                }
                acc.scale(factor);
                acc.hint = ai.gatewayz.obs.metrics.model.Histogram.ResetHint.GAUGE;
                return acc.build();
            }
        }
    }

    private double none() {
        none = true;
        return Double.NaN;
    }

    private double[] copyWindow(RangeSeries s, int lo, int hi) {
        int cnt = hi - lo;
        if (scratch.length < cnt) {
            scratch = new double[Math.max(cnt, scratch.length * 2)];
        }
        System.arraycopy(s.v, lo, scratch, 0, cnt);
        return scratch;
    }

    private void checkCounterNames(MatrixArg m, Expr arg) {
        for (RangeSeries s : m.series()) {
            if (s.h != null && s.floats().n == 0) {
                continue; // native histograms carry their counter nature in their reset hint
            }
            String name = s.labels.metricName();
            if (!name.isEmpty() && !(name.endsWith("_total") || name.endsWith("_sum") || name.endsWith("_count")
                    || name.endsWith("_bucket"))) {
                ev.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                        + Printer.goQuote(name), arg);
            }
        }
    }

    private double extrapolatedRate(RangeSeries s, int lo, int hi, long ref, long range, boolean counter,
                                    boolean rate) {
        int cnt = hi - lo;
        if (cnt < 2) {
            return none();
        }
        long rangeStart = ref - range;
        long firstT = s.t[lo];
        long lastT = s.t[hi - 1];
        double first = s.v[lo];
        double result = s.v[hi - 1] - first;
        if (counter) {
            double prev = first;
            for (int k = lo + 1; k < hi; k++) {
                double cur = s.v[k];
                if (cur < prev) {
                    result += prev;
                }
                prev = cur;
            }
        }
        double durationToStart = (firstT - rangeStart) / 1000.0;
        double durationToEnd = (ref - lastT) / 1000.0;
        double sampled = (lastT - firstT) / 1000.0;
        double avg = sampled / (cnt - 1);
        double threshold = avg * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = avg / 2;
        }
        if (counter && result > 0 && first >= 0) {
            double durationToZero = sampled * (first / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = avg / 2;
        }
        double factor = (sampled + durationToStart + durationToEnd) / sampled;
        if (rate) {
            factor /= range / 1000.0;
        }
        return result * factor;
    }

    private double instantValue(RangeSeries s, int lo, int hi, boolean rate) {
        if (hi - lo < 2) {
            return none();
        }
        double last = s.v[hi - 1];
        double prev = s.v[hi - 2];
        double result = (rate && last < prev) ? last : last - prev;
        long dt = s.t[hi - 1] - s.t[hi - 2];
        if (dt == 0) {
            return none();
        }
        if (rate) {
            result /= dt / 1000.0;
        }
        return result;
    }

    /** Sets {@link #slope} and {@link #intercept} like Prometheus's linearRegression (Kahan sums). */
    private void linearRegression(RangeSeries s, int lo, int hi, long interceptTime) {
        double n = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumX2 = 0;
        double[] cX = c1;
        double[] cY = c2;
        double[] cXY = c3;
        double[] cX2 = c4;
        cX[0] = 0;
        cY[0] = 0;
        cXY[0] = 0;
        cX2[0] = 0;
        double initY = s.v[lo];
        boolean constY = true;
        for (int k = lo; k < hi; k++) {
            double y = s.v[k];
            if (constY && k > lo && y != initY) {
                constY = false;
            }
            n += 1;
            double x = (s.t[k] - interceptTime) / 1e3;
            sumX = FloatMath.kahanSumInc(x, sumX, cX);
            sumY = FloatMath.kahanSumInc(y, sumY, cY);
            sumXY = FloatMath.kahanSumInc(x * y, sumXY, cXY);
            sumX2 = FloatMath.kahanSumInc(x * x, sumX2, cX2);
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                slope = Double.NaN;
                intercept = Double.NaN;
            } else {
                slope = 0;
                intercept = initY;
            }
            return;
        }
        sumX += cX[0];
        sumY += cY[0];
        sumXY += cXY[0];
        sumX2 += cX2[0];
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        slope = covXY / varX;
        intercept = sumY / n - slope * sumX / n;
    }

    private List<Row> absentOverTime(MatrixArg m, Expr arg) {
        Row r = new Row(Calls.absentLabels(arg), n);
        boolean any = false;
        long[] refs = m.refs();
        for (int i = 0; i < n; i++) {
            boolean present = false;
            long ref = refs[i];
            for (RangeSeries s : m.series()) {
                int lo = s.upperBound(ref - m.rangeMs(), 0);
                int hi = s.upperBound(ref, lo);
                if (hi > lo) {
                    present = true;
                    break;
                }
            }
            if (!present) {
                r.set(i, 1);
                any = true;
            }
        }
        List<Row> out = new ArrayList<>();
        if (any) {
            out.add(r);
        }
        return out;
    }

    static Labels noLabels() {
        return Labels.EMPTY;
    }

    static double[] copy(double[] a) {
        return Arrays.copyOf(a, a.length);
    }
}
