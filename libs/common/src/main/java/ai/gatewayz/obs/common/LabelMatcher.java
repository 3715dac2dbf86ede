package ai.gatewayz.obs.common;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher: {@code name=value}, {@code name!=value}, {@code name=~regex} or
 * {@code name!~regex}. Regular expressions are fully anchored, as in Prometheus and Loki, and
 * {@code .} matches newlines (Prometheus 3.x semantics). Immutable and thread-safe.
 *
 * <p>An absent label matches as the empty string, so {@code foo=""} selects series without
 * {@code foo} and {@code foo!=""} selects series that have it.
 */
public final class LabelMatcher {
    public enum Type {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final Type type;
    private final String name;
    private final String value;
    private final Pattern pattern;
    /** For regexes that are a plain literal, the literal; lets callers use postings lookups directly. */
    private final String literal;

    private LabelMatcher(Type type, String name, String value) {
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        if (type == Type.RE || type == Type.NRE) {
            this.literal = isLiteral(value) ? value : null;
            try {
                this.pattern = literal != null ? null : Pattern.compile("(?:" + value + ")", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new SuiteException(ErrorKind.BAD_DATA,
                        "invalid regular expression [matcher=" + name + type.symbol + CommonErrors.quote(value)
                                + ", error=" + e.getDescription() + "]");
            }
        } else {
            this.literal = value;
            this.pattern = null;
        }
    }

    public static LabelMatcher of(Type type, String name, String value) {
        return new LabelMatcher(type, name, value);
    }

    public static LabelMatcher eq(String name, String value) {
        return new LabelMatcher(Type.EQ, name, value);
    }

    public static LabelMatcher neq(String name, String value) {
        return new LabelMatcher(Type.NEQ, name, value);
    }

    public static LabelMatcher re(String name, String regex) {
        return new LabelMatcher(Type.RE, name, regex);
    }

    public static LabelMatcher nre(String name, String regex) {
        return new LabelMatcher(Type.NRE, name, regex);
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** True when this matcher accepts {@code v}; pass the empty string for an absent label. */
    public boolean matches(String v) {
        return switch (type) {
            case EQ -> value.equals(v);
            case NEQ -> !value.equals(v);
            case RE -> literal != null ? literal.equals(v) : pattern.matcher(v).matches();
            case NRE -> literal != null ? !literal.equals(v) : !pattern.matcher(v).matches();
        };
    }

    /** Matches against a label set, treating an absent label as empty. */
    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** True when the matcher accepts the empty string, i.e. also selects series lacking the label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    /** For = and literal =~ matchers, the single value selected; otherwise null. */
    public String exactValue() {
        return (type == Type.EQ || type == Type.RE) ? literal : null;
    }

    private static boolean isLiteral(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            if ("\\^$.|?*+()[]{}".indexOf(regex.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** Renders as in PromQL: {@code name="value"} with the value quoted and escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(type.symbol).append('"');
        Labels.appendEscaped(sb, value);
        return sb.append('"').toString();
    }
}
