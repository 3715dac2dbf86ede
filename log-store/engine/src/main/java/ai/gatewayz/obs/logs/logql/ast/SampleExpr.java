package ai.gatewayz.obs.logs.logql.ast;

import java.util.List;

/** A metric expression. Immutable records. */
public sealed interface SampleExpr extends Expr {
    /** {@code by (..)} when not {@code without}; {@code labels} may be empty. */
    record Grouping(boolean without, List<String> labels) {
        public Grouping {
            labels = List.copyOf(labels);
        }
    }

    enum RangeOp {
        COUNT_OVER_TIME, RATE, RATE_COUNTER, BYTES_OVER_TIME, BYTES_RATE, AVG_OVER_TIME, SUM_OVER_TIME, MIN_OVER_TIME,
        MAX_OVER_TIME, STDVAR_OVER_TIME, STDDEV_OVER_TIME, QUANTILE_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME,
        ABSENT_OVER_TIME;

        public String fn() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum VectorOp {
        SUM, AVG, MIN, MAX, COUNT, STDDEV, STDVAR, TOPK, BOTTOMK, SORT, SORT_DESC, APPROX_TOPK;

        public String fn() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Conv {
        NONE(""), DURATION("duration"), DURATION_SECONDS("duration_seconds"), BYTES("bytes");

        public final String fn;

        Conv(String fn) {
            this.fn = fn;
        }
    }

    record Unwrap(String label, Conv conv, List<LabelFilter> postFilters) {
        public Unwrap {
            postFilters = List.copyOf(postFilters);
        }
    }

    /** The log range of a range aggregation; {@code unwrap} null for counting ranges. */
    record LogRange(LogQuery query, long rangeNanos, long offsetNanos, Unwrap unwrap) {}

    record RangeAggregation(RangeOp op, LogRange range, Double param, Grouping grouping) implements SampleExpr {}

    record VectorAggregation(VectorOp op, SampleExpr inner, Grouping grouping, Integer param) implements SampleExpr {}

    enum BinOp {
        OR("or", 1), AND("and", 2), UNLESS("unless", 2), EQ("==", 3), NEQ("!=", 3), GT(">", 3), GTE(">=", 3), LT("<", 3),
        LTE("<=", 3), ADD("+", 4), SUB("-", 4), MUL("*", 5), DIV("/", 5), MOD("%", 5), POW("^", 6);

        public final String symbol;
        public final int precedence;

        BinOp(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public boolean comparison() {
            return precedence == 3;
        }

        public boolean set() {
            return this == OR || this == AND || this == UNLESS;
        }
    }

    /** {@code on}/{@code ignoring} and {@code group_left}/{@code group_right}; card 0 none, -1 left, 1 right. */
    record Matching(boolean on, List<String> labels, int card, List<String> include) {
        public static final Matching NONE = new Matching(false, List.of(), 0, List.of());

        public Matching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }
    }

    record Binary(BinOp op, SampleExpr lhs, SampleExpr rhs, boolean returnBool, Matching matching) implements SampleExpr {}

    record Literal(double value) implements SampleExpr {}

    record VectorLiteral(double value) implements SampleExpr {}

    record LabelReplace(SampleExpr inner, String dst, String replacement, String src, String regex) implements SampleExpr {}
}
