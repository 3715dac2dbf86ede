package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.GoRegexExpand;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.parser.Expr;
import ai.gatewayz.obs.metrics.promql.parser.Printer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Function calls: instant-vector functions here, range-vector functions in {@link RangeFunctions}. */
final class Calls {
    private final Evaluator ev;
    private final int n;

    Calls(Evaluator ev) {
        this.ev = ev;
        this.n = ev.n;
    }

    Object call(Expr.Call c) {
        String name = c.func().name();
        List<Expr> args = c.args();
        switch (name) {
            case "time":
                return times(1.0 / 1000);
            case "pi":
                return ev.constant(Math.PI);
            case "start":
                return ev.constant(ev.queryStart / 1000.0);
            case "end":
                return ev.constant(ev.queryEnd / 1000.0);
            case "range":
                return ev.constant((ev.queryEnd - ev.queryStart) / 1000.0);
            case "step":
                return ev.constant(ev.queryStep / 1000.0);
            case "min_of", "max_of": {
                double[] out = Calls.copy(ev.evalScalar(args.get(0)));
                for (int k = 1; k < args.size(); k++) {
                    double[] o = ev.evalScalar(args.get(k));
                    for (int i = 0; i < n; i++) {
                        out[i] = name.equals("min_of") ? Math.min(out[i], o[i]) : Math.max(out[i], o[i]);
                    }
                }
                return out;
            }
            case "vector": {
                double[] s = ev.evalScalar(args.get(0));
                Row r = new Row(Labels.EMPTY, n);
                for (int i = 0; i < n; i++) {
                    r.set(i, s[i]);
                }
                return new ArrayList<>(List.of(r));
            }
            case "scalar": {
                List<Row> v = ev.evalVector(args.get(0));
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    int cnt = 0;
                    double val = Double.NaN;
                    for (Row r : v) {
                        if (r.has[i]) {
                            cnt++;
                            val = r.v[i];
                        }
                    }
                    out[i] = cnt == 1 ? val : Double.NaN;
                }
                return out;
            }
            case "absent":
                return absent(ev.evalVector(args.get(0)), args.get(0));
            case "timestamp":
                return timestamp(args.get(0));
            case "sort", "sort_desc":
                return sort(c, name.equals("sort_desc"));
            case "sort_by_label", "sort_by_label_desc":
                return sortByLabel(c, name.endsWith("_desc"));
            case "label_replace":
                return labelReplace(args);
            case "label_join":
                return labelJoin(args);
            case "histogram_quantile":
                return new HistogramQuantile(ev).eval(c);
            case "histogram_fraction":
                return new HistogramQuantile(ev).eval(c);
            case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar":
                return histogramProperty(name, ev.evalVector(args.get(0)));
            case "clamp": {
                List<Row> v = ev.evalVector(args.get(0));
                double[] lo = ev.evalScalar(args.get(1));
                double[] hi = ev.evalScalar(args.get(2));
                return mapWithArgs(v, (i, x) -> hi[i] < lo[i] ? Double.NaN : Math.max(lo[i], Math.min(hi[i], x)),
                        i -> !(hi[i] < lo[i]));
            }
            case "clamp_min": {
                List<Row> v = ev.evalVector(args.get(0));
                double[] lo = ev.evalScalar(args.get(1));
                return mapWithArgs(v, (i, x) -> Math.max(lo[i], x), i -> true);
            }
            case "clamp_max": {
                List<Row> v = ev.evalVector(args.get(0));
                double[] hi = ev.evalScalar(args.get(1));
                return mapWithArgs(v, (i, x) -> Math.min(hi[i], x), i -> true);
            }
            case "round": {
                List<Row> v = ev.evalVector(args.get(0));
                double[] to = args.size() > 1 ? ev.evalScalar(args.get(1)) : ev.constant(1);
                return mapWithArgs(v, (i, x) -> {
                    double inv = 1.0 / to[i];
                    return Math.floor(x * inv + 0.5) / inv;
                }, i -> true);
            }
            case "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year":
                return dateFunction(name, args);
            default:
                break;
        }
        DoubleUnaryOperator f = simple(name);
        if (f != null) {
            List<Row> v = ev.evalVector(args.get(0));
            return mapWithArgs(v, (i, x) -> f.applyAsDouble(x), i -> true);
        }
        return new RangeFunctions(ev).call(c);
    }

    /** A float per native histogram sample; float samples are ignored (as in Prometheus). */
    private List<Row> histogramProperty(String name, List<Row> in) {
        List<Row> out = new ArrayList<>();
        for (Row r : in) {
            if (!r.hasHistograms()) {
                continue;
            }
            Row o = new Row(Evaluator.dropName(r.labels), n);
            for (int i = 0; i < n; i++) {
                ai.gatewayz.obs.metrics.model.Histogram h = r.hist(i);
                if (h == null) {
                    continue;
                }
                o.set(i, switch (name) {
                    case "histogram_count" -> h.count();
                    case "histogram_sum" -> h.sum();
                    case "histogram_avg" -> h.sum() / h.count();
                    case "histogram_stdvar" -> NativeHistogramFunctions.variance(h);
                    default -> Math.sqrt(NativeHistogramFunctions.variance(h));
                });
            }
            out.add(o);
        }
        return ev.mergeSameLabels(out);
    }

    private double[] times(double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ev.times[i] * scale;
        }
        return out;
    }

    interface StepOp {
        double apply(int step, double x);
    }

    interface StepFilter {
        boolean keep(int step);
    }

    /** Applies a value function, dropping the metric name, and checks for label-set clashes. */
    List<Row> mapWithArgs(List<Row> in, StepOp op, StepFilter filter) {
        List<Row> out = new ArrayList<>(in.size());
        for (Row r : in) {
            Row o = new Row(Evaluator.dropName(r.labels), n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (r.has[i] && filter.keep(i)) {
                    o.set(i, op.apply(i, r.v[i]));
                    any = true;
                }
            }
            if (any) {
                out.add(o);
            }
        }
        return ev.mergeSameLabels(out);
    }

    private static DoubleUnaryOperator simple(String name) {
        return switch (name) {
            case "abs" -> Math::abs;
            case "ceil" -> Math::ceil;
            case "floor" -> Math::floor;
            case "exp" -> Math::exp;
            case "sqrt" -> Math::sqrt;
            case "ln" -> Math::log;
            case "log2" -> x -> Math.log(x) / Math.log(2);
            case "log10" -> Math::log10;
            case "sgn" -> x -> Double.isNaN(x) ? x : Math.signum(x);
            case "acos" -> Math::acos;
            case "acosh" -> x -> x < 1 ? Double.NaN : Math.log(x + Math.sqrt(x * x - 1));
            case "asin" -> Math::asin;
            case "asinh" -> x -> Double.isInfinite(x) ? x
                    : (x == 0 ? x : Math.copySign(Math.log(Math.abs(x) + Math.sqrt(x * x + 1)), x));
            case "atan" -> Math::atan;
            case "atanh" -> x -> (x < -1 || x > 1) ? Double.NaN : 0.5 * Math.log((1 + x) / (1 - x));
            case "cos" -> Math::cos;
            case "cosh" -> Math::cosh;
            case "sin" -> Math::sin;
            case "sinh" -> Math::sinh;
            case "tan" -> Math::tan;
            case "tanh" -> Math::tanh;
            case "deg" -> x -> x * 180 / Math.PI;
            case "rad" -> x -> x * Math.PI / 180;
            default -> null;
        };
    }

    private List<Row> dateFunction(String name, List<Expr> args) {
        List<Row> in;
        if (args.isEmpty()) {
            Row r = new Row(Labels.EMPTY, n);
            for (int i = 0; i < n; i++) {
                r.set(i, ev.times[i] / 1000.0);
            }
            in = List.of(r);
        } else {
            in = ev.evalVector(args.get(0));
        }
        return mapWithArgs(in, (i, x) -> {
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                return Double.NaN;
            }
            ZonedDateTime t = Instant.ofEpochSecond((long) Math.floor(x)).atZone(ZoneOffset.UTC);
            return switch (name) {
                case "day_of_month" -> t.getDayOfMonth();
                case "day_of_week" -> t.getDayOfWeek().getValue() % 7;
                case "day_of_year" -> t.getDayOfYear();
                case "days_in_month" -> t.toLocalDate().lengthOfMonth();
                case "hour" -> t.getHour();
                case "minute" -> t.getMinute();
                case "month" -> t.getMonthValue();
                case "year" -> t.getYear();
                default -> throw new IllegalStateException(name);
            };
        }, i -> true);
    }

    private List<Row> absent(List<Row> v, Expr arg) {
        Row r = new Row(absentLabels(arg), n);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            boolean present = false;
            for (Row x : v) {
                if (x.present(i)) {
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

    static Labels absentLabels(Expr arg) {
        List<LabelMatcher> ms;
        if (arg instanceof Expr.VectorSelector vs) {
            ms = vs.matchers();
        } else if (arg instanceof Expr.MatrixSelector m) {
            ms = m.selector().matchers();
        } else {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        java.util.Set<String> has = new java.util.HashSet<>();
        for (LabelMatcher m : ms) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == LabelMatcher.Type.EQ && !has.contains(m.name())) {
                b.set(m.name(), m.value());
                has.add(m.name());
            } else {
                b.del(m.name());
            }
        }
        return b.build();
    }

    private List<Row> timestamp(Expr arg) {
        Expr inner = arg;
        while (inner instanceof Expr.Paren p) {
            inner = p.expr();
        }
        List<Row> v = ev.evalVector(arg);
        boolean selector = inner instanceof Expr.VectorSelector;
        List<Row> out = new ArrayList<>(v.size());
        for (Row r : v) {
            Row o = new Row(Evaluator.dropName(r.labels), n);
            for (int i = 0; i < n; i++) {
                if (r.present(i)) {
                    long t = selector && r.ts != null ? r.ts[i] : ev.times[i];
                    o.set(i, t / 1000.0);
                }
            }
            out.add(o);
        }
        return ev.mergeSameLabels(out);
    }

    private List<Row> sort(Expr.Call c, boolean desc) {
        List<Row> v = ev.evalVector(c.args().get(0));
        if (n > 1) {
            ev.warn("sort is ineffective for range queries since results are always ordered by labels", c);
            return v;
        }
        List<Row> out = new ArrayList<>(v.size());
        for (Row r : v) {
            if (r.has[0]) {
                out.add(r); // histograms have no order: sort drops them, as Prometheus does
            }
        }
        out.sort((a, b) -> {
            double x = a.v[0];
            double y = b.v[0];
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : 1) : -1;
            }
            return desc ? Double.compare(y, x) : Double.compare(x, y);
        });
        return out;
    }

    private List<Row> sortByLabel(Expr.Call c, boolean desc) {
        List<Row> v = ev.evalVector(c.args().get(0));
        List<String> names = new ArrayList<>();
        for (int i = 1; i < c.args().size(); i++) {
            names.add((String) ev.eval(c.args().get(i)));
        }
        if (n > 1) {
            ev.warn("sort_by_label is ineffective for range queries since results are always ordered by labels", c);
            return v;
        }
        Comparator<Row> cmp = (a, b) -> {
            for (String l : names) {
                int r = naturalCompare(a.labels.get(l), b.labels.get(l));
                if (r != 0) {
                    return r;
                }
            }
            return a.labels.compareTo(b.labels);
        };
        List<Row> out = new ArrayList<>(v);
        out.sort(desc ? cmp.reversed() : cmp);
        return out;
    }

    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                if (na.length() != nb.length()) {
                    return Integer.compare(na.length(), nb.length());
                }
                int r = na.compareTo(nb);
                if (r != 0) {
                    return r;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private List<Row> labelReplace(List<Expr> args) {
        List<Row> v = ev.evalVector(args.get(0));
        String dst = (String) ev.eval(args.get(1));
        String repl = (String) ev.eval(args.get(2));
        String src = (String) ev.eval(args.get(3));
        String regex = (String) ev.eval(args.get(4));
        Pattern p;
        try {
            p = Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw EngineErrors.execution("invalid regular expression in label_replace(): " + regex);
        }
        if (!Aggregations.isValidLabelName(dst)) {
            throw EngineErrors.execution("invalid destination label name in label_replace(): " + dst);
        }
        List<Row> out = new ArrayList<>(v.size());
        for (Row r : v) {
            Matcher m = p.matcher(r.labels.get(src));
            Row o = r;
            if (m.matches()) {
                String res = expand(repl, m);
                Labels nl = r.labels.toBuilder().set(dst, res).build();
                o = copyWithLabels(r, nl);
            }
            out.add(o);
        }
        return ev.mergeSameLabels(out);
    }

    private Row copyWithLabels(Row r, Labels l) {
        Row o = new Row(l, n);
        System.arraycopy(r.v, 0, o.v, 0, n);
        System.arraycopy(r.has, 0, o.has, 0, n);
        o.h = r.h == null ? null : r.h.clone();
        o.ts = r.ts;
        return o;
    }

    static String expand(String template, Matcher m) {
        return GoRegexExpand.expand(m, template);
    }

    private List<Row> labelJoin(List<Expr> args) {
        List<Row> v = ev.evalVector(args.get(0));
        String dst = (String) ev.eval(args.get(1));
        String sep = (String) ev.eval(args.get(2));
        List<String> srcs = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
            String s = (String) ev.eval(args.get(i));
            if (!Aggregations.isValidLabelName(s)) {
                throw EngineErrors.execution("invalid source label name in label_join(): " + s);
            }
            srcs.add(s);
        }
        if (!Aggregations.isValidLabelName(dst)) {
            throw EngineErrors.execution("invalid destination label name in label_join(): " + dst);
        }
        List<Row> out = new ArrayList<>(v.size());
        for (Row r : v) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < srcs.size(); i++) {
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(r.labels.get(srcs.get(i)));
            }
            out.add(copyWithLabels(r, r.labels.toBuilder().set(dst, sb.toString()).build()));
        }
        return ev.mergeSameLabels(out);
    }

    static String fmt(double v) {
        return Printer.formatNumber(v);
    }

    static double[] copy(double[] a) {
        return Arrays.copyOf(a, a.length);
    }
}
