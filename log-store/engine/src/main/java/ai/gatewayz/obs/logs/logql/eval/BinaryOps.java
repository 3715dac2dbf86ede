package ai.gatewayz.obs.logs.logql.eval;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.BinOp;
import ai.gatewayz.obs.logs.logql.parser.ScalarMath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators between scalars and step series, with PromQL's vector matching. Stateless. */
final class BinaryOps {
    private BinaryOps() {
    }

    static Value apply(SampleExpr.Binary b, Value lhs, Value rhs, Steps steps) {
        BinOp op = b.op();
        if (lhs instanceof Value.Scalar l && rhs instanceof Value.Scalar r) {
            return new Value.Scalar(ScalarMath.apply(op, l.value(), r.value()));
        }
        if (lhs instanceof Value.Scalar l) {
            return new Value.Vec(withScalar(b, ((Value.Vec) rhs).series(), l.value(), true));
        }
        if (rhs instanceof Value.Scalar r) {
            return new Value.Vec(withScalar(b, ((Value.Vec) lhs).series(), r.value(), false));
        }
        List<Series> ls = ((Value.Vec) lhs).series();
        List<Series> rs = ((Value.Vec) rhs).series();
        if (op.set()) {
            return new Value.Vec(setOp(b, ls, rs, steps.count()));
        }
        return new Value.Vec(vectorOp(b, ls, rs, steps.count()));
    }

    private static List<Series> withScalar(SampleExpr.Binary b, List<Series> vec, double scalar, boolean scalarLeft) {
        List<Series> out = new ArrayList<>(vec.size());
        for (Series s : vec) {
            Series r = new Series(s.labels, s.v.length);
            for (int i = 0; i < s.v.length; i++) {
                if (!s.has[i]) {
                    continue;
                }
                double a = scalarLeft ? scalar : s.v[i];
                double c = scalarLeft ? s.v[i] : scalar;
                double v = ScalarMath.apply(b.op(), a, c);
                if (b.op().comparison() && !b.returnBool()) {
                    if (v == 1) {
                        r.set(i, s.v[i]);
                    }
                } else {
                    r.set(i, v);
                }
            }
            out.add(r);
        }
        return out;
    }

    private static Labels signature(Labels l, SampleExpr.Matching m) {
        Labels.Builder b = Labels.builder();
        if (m.on()) {
            for (String n : m.labels()) {
                b.set(n, l.get(n));
            }
            return b.build();
        }
        Set<String> drop = new HashSet<>(m.labels());
        for (int i = 0; i < l.size(); i++) {
            if (!drop.contains(l.name(i))) {
                b.set(l.name(i), l.value(i));
            }
        }
        return b.build();
    }

    private static List<Series> setOp(SampleExpr.Binary b, List<Series> ls, List<Series> rs, int n) {
        SampleExpr.Matching m = b.matching();
        List<Series> out = new ArrayList<>();
        switch (b.op()) {
            case AND, UNLESS -> {
                for (Series l : ls) {
                    Labels sig = signature(l.labels, m);
                    Series r = new Series(l.labels, n);
                    for (int i = 0; i < n; i++) {
                        if (!l.has[i]) {
                            continue;
                        }
                        boolean match = false;
                        for (Series x : rs) {
                            if (x.has[i] && signature(x.labels, m).equals(sig)) {
                                match = true;
                                break;
                            }
                        }
                        if (match == (b.op() == BinOp.AND)) {
                            r.set(i, l.v[i]);
                        }
                    }
                    out.add(r);
                }
            }
            default -> {
                out.addAll(ls);
                Map<Labels, Series> extra = new LinkedHashMap<>();
                for (Series r : rs) {
                    Labels sig = signature(r.labels, m);
                    Series c = new Series(r.labels, n);
                    for (int i = 0; i < n; i++) {
                        if (!r.has[i]) {
                            continue;
                        }
                        boolean onLeft = false;
                        for (Series l : ls) {
                            if (l.has[i] && signature(l.labels, m).equals(sig)) {
                                onLeft = true;
                                break;
                            }
                        }
                        if (!onLeft) {
                            c.set(i, r.v[i]);
                        }
                    }
                    extra.put(r.labels, c);
                }
                out.addAll(extra.values());
            }
        }
        return out;
    }

    private static List<Series> vectorOp(SampleExpr.Binary b, List<Series> ls, List<Series> rs, int n) {
        SampleExpr.Matching m = b.matching();
        boolean right = m.card() == 1;
        List<Series> many = right ? rs : ls;
        List<Series> one = right ? ls : rs;
        Map<Labels, Series> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Map<Labels, Series> oneBySig = new HashMap<>();
            for (Series s : one) {
                if (!s.has[i]) {
                    continue;
                }
                Series prev = oneBySig.put(signature(s.labels, m), s);
                if (prev != null) {
                    throw new SuiteException(ErrorKind.EXECUTION, m.card() == 0
                            ? "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
                            : "multiple matches for labels: grouping labels must ensure unique matches");
                }
            }
            Set<Labels> seenResult = new HashSet<>();
            for (Series s : many) {
                if (!s.has[i]) {
                    continue;
                }
                Series o = oneBySig.get(signature(s.labels, m));
                if (o == null) {
                    continue;
                }
                double lv = right ? o.v[i] : s.v[i];
                double rv = right ? s.v[i] : o.v[i];
                double v = ScalarMath.apply(b.op(), lv, rv);
                Double result;
                if (b.op().comparison() && !b.returnBool()) {
                    result = v == 1 ? lv : null;
                } else {
                    result = v;
                }
                if (result == null) {
                    continue;
                }
                Labels labels = resultLabels(s.labels, o.labels, m);
                if (m.card() == 0 && !seenResult.add(labels)) {
                    throw new SuiteException(ErrorKind.EXECUTION,
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
                out.computeIfAbsent(labels, x -> new Series(x, n)).set(i, result);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Labels resultLabels(Labels many, Labels one, SampleExpr.Matching m) {
        if (m.card() == 0) {
            return signature(many, m);
        }
        Labels.Builder b = many.toBuilder();
        for (String n : m.include()) {
            b.set(n, one.get(n));
        }
        return b.build();
    }
}
