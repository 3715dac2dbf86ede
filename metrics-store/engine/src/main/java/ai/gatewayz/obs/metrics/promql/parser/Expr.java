package ai.gatewayz.obs.metrics.promql.parser;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/**
 * A node of the PromQL syntax tree. Immutable; {@link #start()} and {@link #end()} are character
 * offsets in the query text (used for error and annotation positions).
 */
public sealed interface Expr {
    ValueType type();

    int start();

    int end();

    /** The expression rendered as PromQL (round-trips through the parser). */
    default String print() {
        return Printer.print(this);
    }

    /** How the {@code @} modifier is given. */
    enum AtKind {
        NONE, TIMESTAMP, START, END
    }

    record NumberLiteral(double value, int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    record StringLiteral(String value, int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** {@code name{matchers} offset o @ t}. {@code matchers} includes the name matcher when a name is given. */
    record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs, AtKind atKind, long atMs,
                          int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.VECTOR;
        }

        public VectorSelector withModifiers(long offset, AtKind kind, long at, int newEnd) {
            return new VectorSelector(name, matchers, offset, kind, at, start, newEnd);
        }
    }

    record MatrixSelector(VectorSelector selector, long rangeMs, int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    /** {@code expr[range:step] offset o @ t}; step 0 means the default resolution. */
    record Subquery(Expr expr, long rangeMs, long stepMs, long offsetMs, AtKind atKind, long atMs,
                    int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    record Paren(Expr expr, int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return expr.type();
        }
    }

    record Unary(boolean negate, Expr expr, int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return expr.type();
        }
    }

    /** Vector matching of a binary operation. */
    record VectorMatching(Cardinality card, List<String> labels, boolean on, List<String> include) {
        public enum Cardinality {
            ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY
        }
    }

    record Binary(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool,
                  int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
        }
    }

    record Call(Functions.Function func, List<Expr> args, int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return func.returnType();
        }
    }

    record Aggregate(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without,
                     int start, int end) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.VECTOR;
        }
    }
}
