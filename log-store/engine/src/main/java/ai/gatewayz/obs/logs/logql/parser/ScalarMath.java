package ai.gatewayz.obs.logs.logql.parser;

import ai.gatewayz.obs.logs.logql.ast.SampleExpr.BinOp;

/** Scalar arithmetic and comparison as Loki folds and evaluates them (x/0 and x%0 are NaN). Stateless. */
public final class ScalarMath {
    private ScalarMath() {
    }

    public static double apply(BinOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> b == 0 ? Double.NaN : a / b;
            case MOD -> b == 0 ? Double.NaN : a % b;
            case POW -> Math.pow(a, b);
            case EQ -> a == b ? 1 : 0;
            case NEQ -> a != b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GTE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LTE -> a <= b ? 1 : 0;
            default -> throw new IllegalArgumentException("not a scalar operator [op=" + op + "]");
        };
    }

    /** Whether a comparison holds (for filtering comparisons). */
    public static boolean holds(BinOp op, double a, double b) {
        return apply(op, a, b) == 1;
    }
}
