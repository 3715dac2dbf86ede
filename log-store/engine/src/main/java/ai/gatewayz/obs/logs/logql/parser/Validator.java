package ai.gatewayz.obs.logs.logql.parser;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.logs.logql.LogqlErrors;
import ai.gatewayz.obs.logs.logql.ast.Expr;
import ai.gatewayz.obs.logs.logql.ast.LogQuery;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.RangeOp;
import java.util.List;

/** Checks Loki applies after parsing: non-empty selectors, unwrap and grouping rules. Stateless. */
final class Validator {
    private Validator() {
    }

    static void validate(Expr e) {
        switch (e) {
            case LogQuery q -> checkSelector(q.matchers());
            case SampleExpr.RangeAggregation r -> checkSelector(r.range().query().matchers());
            case SampleExpr.VectorAggregation v -> validate(v.inner());
            case SampleExpr.Binary b -> {
                validate(b.lhs());
                validate(b.rhs());
            }
            case SampleExpr.LabelReplace l -> validate(l.inner());
            case SampleExpr.Literal l -> {
            }
            case SampleExpr.VectorLiteral v -> {
            }
        }
    }

    static void checkSelector(List<LabelMatcher> ms) {
        for (LabelMatcher m : ms) {
            if (!m.matchesEmpty()) {
                return;
            }
        }
        throw LogqlErrors.emptySelector();
    }

    static void checkRange(Token fn, RangeOp op, SampleExpr.LogRange range, SampleExpr.Grouping g) {
        boolean unwrapped = range.unwrap() != null;
        switch (op) {
            case COUNT_OVER_TIME, BYTES_OVER_TIME, BYTES_RATE -> {
                if (unwrapped) {
                    throw LogqlErrors.semantic("invalid aggregation " + op.fn() + " with unwrap");
                }
            }
            case RATE, ABSENT_OVER_TIME -> {
            }
            default -> {
                if (!unwrapped) {
                    throw LogqlErrors.semantic("invalid aggregation " + op.fn() + " without unwrap");
                }
            }
        }
        if (g != null) {
            boolean allowed = unwrapped && op != RangeOp.SUM_OVER_TIME && op != RangeOp.ABSENT_OVER_TIME
                    && op != RangeOp.RATE && op != RangeOp.RATE_COUNTER;
            if (!allowed) {
                throw LogqlErrors.semantic("grouping not allowed for " + op.fn() + " aggregation");
            }
        }
    }
}
