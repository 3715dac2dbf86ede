package ai.gatewayz.obs.logs.logql.ast;

import ai.gatewayz.obs.common.LabelMatcher;

/** A label predicate of a label filter stage. Immutable records. */
public sealed interface LabelFilter {
    enum Cmp {
        EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

        public final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }

        public boolean test(double a, double b) {
            return switch (this) {
                case EQ -> a == b;
                case NEQ -> a != b;
                case GT -> a > b;
                case GTE -> a >= b;
                case LT -> a < b;
                case LTE -> a <= b;
            };
        }
    }

    enum Kind {
        NUMBER, DURATION, BYTES
    }

    record And(LabelFilter left, LabelFilter right) implements LabelFilter {}

    record Or(LabelFilter left, LabelFilter right) implements LabelFilter {}

    record Paren(LabelFilter inner) implements LabelFilter {}

    record StringMatch(LabelMatcher matcher) implements LabelFilter {}

    /** A typed comparison; {@code value} is in the kind's unit (seconds for durations, bytes for sizes); {@code text} as written. */
    record Compare(String name, Cmp cmp, Kind kind, double value, String text) implements LabelFilter {}

    record Ip(String name, boolean negate, String pattern) implements LabelFilter {}
}
