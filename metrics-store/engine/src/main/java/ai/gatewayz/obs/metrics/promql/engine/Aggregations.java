package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.parser.AggregateOp;
import ai.gatewayz.obs.metrics.promql.parser.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aggregation operators. Groups are static per series, so grouping happens once per query. */
final class Aggregations {
    private final Evaluator ev;
    private final int n;

    Aggregations(Evaluator ev) {
        this.ev = ev;
        this.n = ev.n;
    }

    Object aggregate(Expr.Aggregate a) {
        Object paramValue = a.param() == null ? null : ev.eval(a.param());
        List<Row> in = ev.evalVector(a.expr());
        Map<Labels, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : in) {
            groups.computeIfAbsent(groupKey(r.labels, a), k -> new ArrayList<>()).add(r);
        }
        return switch (a.op()) {
            case TOPK, BOTTOMK, LIMITK -> {
                aggregate = a;
                yield selectK(a.op(), groups, (double[]) paramValue);
            }
            case LIMIT_RATIO -> {
                aggregate = a;
                yield limitRatio(groups, (double[]) paramValue);
            }
            case COUNT_VALUES -> countValues(groups, (String) paramValue, a);
            default -> simple(a.op(), groups, (double[]) paramValue, a);
        };
    }

    private Labels groupKey(Labels l, Expr.Aggregate a) {
        if (a.without()) {
            Labels.Builder b = l.toBuilder().del(Labels.METRIC_NAME);
            for (String g : a.grouping()) {
                b.del(g);
            }
            return b.build();
        }
        if (a.grouping().isEmpty()) {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        for (String g : a.grouping()) {
            b.set(g, l.get(g));
        }
        return b.build();
    }

    private List<Row> simple(AggregateOp op, Map<Labels, List<Row>> groups, double[] param, Expr.Aggregate a) {
        if (op == AggregateOp.QUANTILE) {
            for (int i = 0; i < n; i++) {
                double q = param[i];
                if (Double.isNaN(q) || q < 0 || q > 1) {
                    ev.warn("quantile value should be between 0 and 1, got " + ai.gatewayz.obs.metrics.promql.parser.Printer.formatNumber(q), a.param());
                    break;
                }
            }
        }
        List<Row> out = new ArrayList<>(groups.size());
        double[] buf = new double[16];
        double[] c = new double[1];
        FloatMath.Mean mean = new FloatMath.Mean();
        for (Map.Entry<Labels, List<Row>> g : groups.entrySet()) {
            List<Row> rows = g.getValue();
            Row o = new Row(g.getKey(), n);
            boolean histograms = false;
            for (Row r : rows) {
                histograms |= r.hasHistograms();
            }
            for (int i = 0; i < n; i++) {
                if (histograms && histogramStep(op, rows, o, i, a)) {
                    continue;
                }
                int count = 0;
                double acc = 0;
                c[0] = 0;
                mean.reset();
                double m = 0;
                double q = 0;
                for (Row r : rows) {
                    if (!r.has[i]) {
                        continue;
                    }
                    double v = r.v[i];
                    count++;
                    switch (op) {
                        case SUM -> acc = FloatMath.kahanSumInc(v, acc, c);
                        case AVG -> mean.add(v);
                        case MIN -> {
                            if (count == 1 || acc > v || Double.isNaN(acc)) {
                                acc = v;
                            }
                        }
                        case MAX -> {
                            if (count == 1 || acc < v || Double.isNaN(acc)) {
                                acc = v;
                            }
                        }
                        case STDDEV, STDVAR -> {
                            double delta = v - m;
                            m += delta / count;
                            q += delta * (v - m);
                        }
                        case QUANTILE -> {
                            if (count > buf.length) {
                                buf = Arrays.copyOf(buf, buf.length * 2);
                            }
                            buf[count - 1] = v;
                        }
                        default -> {
                        }
                    }
                }
                if (count == 0) {
                    continue;
                }
                double val = switch (op) {
                    case SUM -> acc + c[0];
                    case AVG -> mean.result();
                    case COUNT -> count;
                    case GROUP -> 1;
                    case MIN, MAX -> acc;
                    case STDVAR -> q / count;
                    case STDDEV -> Math.sqrt(q / count);
                    case QUANTILE -> FloatMath.quantile(param[i], buf, count);
                    default -> throw new IllegalStateException(op.name());
                };
                o.set(i, val);
            }
            out.add(o);
        }
        return out;
    }

    /**
     * Step {@code i} of a group holding histograms: sum and avg add them (a mix with floats is
     * dropped with Prometheus's warning), count and group count them too; other operators ignore
     * histograms. Returns true when the step was decided here.
     */
    private boolean histogramStep(AggregateOp op, List<Row> rows, Row o, int i, Expr.Aggregate a) {
        int floats = 0;
        int hists = 0;
        HistogramOps.Acc acc = null;
        for (Row r : rows) {
            if (r.has[i]) {
                floats++;
            } else if (r.hist(i) != null) {
                hists++;
                if (op == AggregateOp.SUM || op == AggregateOp.AVG) {
                    if (acc == null) {
                        acc = HistogramOps.Acc.of(r.h[i]);
                    } else {
                        acc.add(r.h[i], 1);
                    }
                }
            }
        }
        if (hists == 0) {
            return false;
        }
        switch (op) {
            case COUNT -> o.set(i, floats + hists);
            case GROUP -> o.set(i, 1);
            case SUM, AVG -> {
                if (floats > 0) {
                    ev.warn("encountered a mix of histograms and floats for aggregation", a);
                    return true;
                }
                if (op == AggregateOp.AVG) {
                    acc.divide(hists);
                }
                List<ai.gatewayz.obs.metrics.model.Histogram.ResetHint> hints = new ArrayList<>();
                for (Row r : rows) {
                    if (r.hist(i) != null) {
                        hints.add(r.h[i].hint());
                    }
                }
                boolean[] conflict = {false};
                acc.hint = HistogramOps.aggregateHint(hints, conflict);
                if (conflict[0]) {
                    ev.warn("conflicting counter resets during histogram aggregation", a);
                }
                o.setHistogram(i, acc.build());
            }
            default -> {
                ev.info("ignored histogram in " + op.name().toLowerCase(java.util.Locale.ROOT) + " aggregation", a);
                return false; // floats only; histograms are skipped
            }
        }
        return true;
    }

    private long kAt(double[] param, int i) {
        double k = param[i];
        if (Double.isNaN(k)) {
            throw EngineErrors.execution("Parameter value is NaN");
        }
        if (k >= 9.223372036854775807E18 || k <= -9.223372036854775807E18) {
            throw EngineErrors.execution("Scalar value " + ai.gatewayz.obs.metrics.promql.parser.Printer.formatNumber(k)
                    + " overflows int64");
        }
        return (long) k;
    }

    private boolean histogramsIgnored;
    private Expr.Aggregate aggregate;

    private List<Row> selectK(AggregateOp op, Map<Labels, List<Row>> groups, double[] param) {
        Map<Row, Row> outByInput = new LinkedHashMap<>();
        List<Row> ordered = new ArrayList<>();
        long[] ks = new long[n];
        for (int i = 0; i < n; i++) {
            ks[i] = kAt(param, i);
        }
        Integer[] idx = new Integer[16];
        for (List<Row> rows : groups.values()) {
            for (int i = 0; i < n; i++) {
                long k = ks[i];
                if (k < 1) {
                    continue;
                }
                List<Row> present = new ArrayList<>();
                for (Row r : rows) {
                    if (r.has[i] || op == AggregateOp.LIMITK && r.hist(i) != null) {
                        present.add(r);
                    } else if (r.hist(i) != null) {
                        histogramsIgnored = true;
                    }
                }
                final int step = i;
                if (op != AggregateOp.LIMITK) {
                    Comparator<Row> cmp = (x, y) -> {
                        double a = x.v[step];
                        double b = y.v[step];
                        if (Double.isNaN(a)) {
                            return Double.isNaN(b) ? 0 : 1;
                        }
                        if (Double.isNaN(b)) {
                            return -1;
                        }
                        return op == AggregateOp.TOPK ? Double.compare(b, a) : Double.compare(a, b);
                    };
                    present.sort(cmp);
                }
                int take = (int) Math.min(k, present.size());
                for (int j = 0; j < take; j++) {
                    Row r = present.get(j);
                    Row o = outByInput.get(r);
                    if (o == null) {
                        o = new Row(r.labels, n);
                        outByInput.put(r, o);
                        ordered.add(o);
                    }
                    Evaluator.copy(r, o, i);
                }
            }
        }
        if (histogramsIgnored) {
            ev.info("ignored histogram in " + op.name().toLowerCase(java.util.Locale.ROOT) + " aggregation", aggregate);
        }
        return ordered;
    }

    private List<Row> limitRatio(Map<Labels, List<Row>> groups, double[] param) {
        List<Row> out = new ArrayList<>();
        for (List<Row> rows : groups.values()) {
            for (Row r : rows) {
                double frac = (r.labels.hash64() >>> 11) * 0x1.0p-53;
                Row o = new Row(r.labels, n);
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    double ratio = param[i];
                    if (Double.isNaN(ratio)) {
                        throw EngineErrors.execution("Ratio value is NaN");
                    }
                    if (ratio < -1 || ratio > 1) {
                        ev.warn("ratio value should be between -1 and 1, got "
                                + ai.gatewayz.obs.metrics.promql.parser.Printer.formatNumber(ratio), aggregate);
                    }
                    ratio = Math.max(-1, Math.min(1, ratio));
                    boolean keep = ratio >= 0 ? frac < ratio : frac >= 1 + ratio;
                    if (r.present(i) && keep) {
                        Evaluator.copy(r, o, i);
                        any = true;
                    }
                }
                if (any) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private List<Row> countValues(Map<Labels, List<Row>> groups, String label, Expr.Aggregate a) {
        if (label.isEmpty() || !isValidLabelName(label)) {
            throw EngineErrors.execution("invalid label name " + ai.gatewayz.obs.metrics.promql.parser.Printer.goQuote(label));
        }
        Map<Labels, Row> out = new LinkedHashMap<>();
        for (Map.Entry<Labels, List<Row>> g : groups.entrySet()) {
            for (int i = 0; i < n; i++) {
                for (Row r : g.getValue()) {
                    if (!r.has[i]) {
                        continue;
                    }
                    Labels l = g.getKey().toBuilder().set(label, FloatMath.formatValue(r.v[i])).build();
                    Row o = out.computeIfAbsent(l, k -> new Row(k, n));
                    o.set(i, o.has[i] ? o.v[i] + 1 : 1);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    static boolean isValidLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        // Prometheus 3.x accepts any valid UTF-8 label name.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
            if (c == '\uFFFD') {
                return false;
            }
        }
        return true;
    }
}
