package ai.gatewayz.obs.logs.logql.eval;

import ai.gatewayz.obs.common.GoRegexExpand;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.VectorOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Vector aggregations, grouping and label_replace over step series. Stateless. */
final class Aggregations {
    private Aggregations() {
    }

    static Labels group(Labels l, SampleExpr.Grouping g) {
        if (g == null) {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        if (g.without()) {
            Set<String> drop = new HashSet<>(g.labels());
            for (int i = 0; i < l.size(); i++) {
                if (!drop.contains(l.name(i))) {
                    b.set(l.name(i), l.value(i));
                }
            }
        } else {
            for (String n : g.labels()) {
                b.set(n, l.get(n));
            }
        }
        return b.build();
    }

    static List<Series> aggregate(SampleExpr.VectorAggregation va, List<Series> in, Steps steps) {
        VectorOp op = va.op();
        int n = steps.count();
        if (op == VectorOp.SORT || op == VectorOp.SORT_DESC) {
            List<Series> out = new ArrayList<>(in);
            Comparator<Series> c = Comparator.comparingDouble(s -> firstValue(s));
            out.sort(op == VectorOp.SORT ? c : c.reversed());
            return out;
        }
        Map<Labels, List<Series>> groups = new LinkedHashMap<>();
        for (Series s : in) {
            groups.computeIfAbsent(group(s.labels, va.grouping()), x -> new ArrayList<>()).add(s);
        }
        List<Series> out = new ArrayList<>();
        if (op == VectorOp.TOPK || op == VectorOp.BOTTOMK || op == VectorOp.APPROX_TOPK) {
            int k = va.param();
            boolean top = op != VectorOp.BOTTOMK;
            Map<Series, Series> copies = new LinkedHashMap<>();
            for (List<Series> members : groups.values()) {
                for (int i = 0; i < n; i++) {
                    final int step = i;
                    List<Series> present = new ArrayList<>();
                    for (Series s : members) {
                        if (s.has[i]) {
                            present.add(s);
                        }
                    }
                    Comparator<Series> c = Comparator.comparingDouble(s -> s.v[step]);
                    present.sort(top ? c.reversed() : c);
                    for (int j = 0; j < Math.min(k, present.size()); j++) {
                        Series src = present.get(j);
                        copies.computeIfAbsent(src, x -> new Series(x.labels, n)).set(i, src.v[i]);
                    }
                }
            }
            out.addAll(copies.values());
            if (n == 1) {
                // An instant topk/bottomk answers in value order across groups; equal values are
                // ordered by labels so the answer does not depend on the order streams were read.
                Comparator<Series> c = Comparator.comparingDouble(s -> s.v[0]);
                out.sort((top ? c.reversed() : c).thenComparing(s -> s.labels));
            }
            return out;
        }
        for (Map.Entry<Labels, List<Series>> g : groups.entrySet()) {
            Series r = new Series(g.getKey(), n);
            for (int i = 0; i < n; i++) {
                int count = 0;
                double sum = 0;
                double min = Double.NaN;
                double max = Double.NaN;
                double mean = 0;
                double m2 = 0;
                for (Series s : g.getValue()) {
                    if (!s.has[i]) {
                        continue;
                    }
                    double v = s.v[i];
                    count++;
                    sum += v;
                    if (Double.isNaN(min) || v < min) {
                        min = v;
                    }
                    if (Double.isNaN(max) || v > max) {
                        max = v;
                    }
                    double d = v - mean;
                    mean += d / count;
                    m2 += d * (v - mean);
                }
                if (count == 0) {
                    continue;
                }
                r.set(i, switch (op) {
                    case SUM -> sum;
                    case AVG -> mean;
                    case MIN -> min;
                    case MAX -> max;
                    case COUNT -> count;
                    case STDVAR -> m2 / count;
                    case STDDEV -> Math.sqrt(m2 / count);
                    default -> throw new IllegalStateException("unhandled aggregation [op=" + op + "]");
                });
            }
            out.add(r);
        }
        return out;
    }

    private static double firstValue(Series s) {
        for (int i = 0; i < s.has.length; i++) {
            if (s.has[i]) {
                return s.v[i];
            }
        }
        return Double.NaN;
    }

    static List<Series> labelReplace(SampleExpr.LabelReplace lr, List<Series> in) {
        Pattern p = Pattern.compile("^(?:" + lr.regex() + ")$", Pattern.DOTALL);
        List<Series> out = new ArrayList<>(in.size());
        for (Series s : in) {
            Matcher m = p.matcher(s.labels.get(lr.src()));
            if (!m.matches()) {
                out.add(s);
                continue;
            }
            String value = GoRegexExpand.expand(m, lr.replacement());
            Labels l = s.labels.toBuilder().set(lr.dst(), value).build();
            Series c = new Series(l, s.v.length);
            System.arraycopy(s.v, 0, c.v, 0, s.v.length);
            System.arraycopy(s.has, 0, c.has, 0, s.has.length);
            out.add(c);
        }
        return out;
    }
}
