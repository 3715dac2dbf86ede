package ai.gatewayz.obs.metrics.promql.parser;

import ai.gatewayz.obs.common.GoStrings;
import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.math.BigDecimal;
import java.util.List;

/** Renders an {@link Expr} as PromQL text in Prometheus's canonical single-line form. Stateless. */
public final class Printer {
    private Printer() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        write(sb, e);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Expr e) {
        switch (e) {
            case Expr.NumberLiteral n -> sb.append(formatNumber(n.value()));
            case Expr.StringLiteral s -> sb.append(goQuote(s.value()));
            case Expr.Paren p -> {
                sb.append('(');
                write(sb, p.expr());
                sb.append(')');
            }
            case Expr.Unary u -> {
                sb.append(u.negate() ? '-' : '+');
                write(sb, u.expr());
            }
            case Expr.VectorSelector vs -> {
                selector(sb, vs);
                modifiers(sb, vs.offsetMs(), vs.atKind(), vs.atMs());
            }
            case Expr.MatrixSelector ms -> {
                selector(sb, ms.selector());
                sb.append('[').append(Durations.format(ms.rangeMs())).append(']');
                modifiers(sb, ms.selector().offsetMs(), ms.selector().atKind(), ms.selector().atMs());
            }
            case Expr.Subquery sq -> {
                write(sb, sq.expr());
                sb.append('[').append(Durations.format(sq.rangeMs())).append(':');
                if (sq.stepMs() > 0) {
                    sb.append(Durations.format(sq.stepMs()));
                }
                sb.append(']');
                modifiers(sb, sq.offsetMs(), sq.atKind(), sq.atMs());
            }
            case Expr.Binary b -> {
                write(sb, b.lhs());
                sb.append(' ').append(b.op().symbol());
                if (b.returnBool()) {
                    sb.append(" bool");
                }
                Expr.VectorMatching m = b.matching();
                if (m != null && (m.on() || !m.labels().isEmpty())) {
                    sb.append(m.on() ? " on" : " ignoring");
                    labelList(sb, m.labels());
                }
                if (m != null && (m.card() == Expr.VectorMatching.Cardinality.MANY_TO_ONE
                        || m.card() == Expr.VectorMatching.Cardinality.ONE_TO_MANY)) {
                    sb.append(m.card() == Expr.VectorMatching.Cardinality.MANY_TO_ONE ? " group_left" : " group_right");
                    labelList(sb, m.include());
                }
                sb.append(' ');
                write(sb, b.rhs());
            }
            case Expr.Call c -> {
                sb.append(c.func().name()).append('(');
                for (int i = 0; i < c.args().size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, c.args().get(i));
                }
                sb.append(')');
            }
            case Expr.Aggregate a -> {
                sb.append(a.op().wireName());
                if (a.without()) {
                    sb.append(" without");
                    labelList(sb, a.grouping());
                    sb.append(' ');
                } else if (!a.grouping().isEmpty()) {
                    sb.append(" by");
                    labelList(sb, a.grouping());
                    sb.append(' ');
                }
                sb.append('(');
                if (a.param() != null) {
                    write(sb, a.param());
                    sb.append(", ");
                }
                write(sb, a.expr());
                sb.append(')');
            }
        }
    }

    private static void labelList(StringBuilder sb, List<String> labels) {
        sb.append(" (");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(labelName(labels.get(i)));
        }
        sb.append(')');
    }

    private static String labelName(String n) {
        return isLegacyName(n) ? n : goQuote(n);
    }

    static boolean isLegacyName(String n) {
        if (n.isEmpty()) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean ok = Lexer.isAlpha(c) || (i > 0 && Lexer.isDigit(c));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLegacyMetricName(String n) {
        if (n.isEmpty()) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean ok = Lexer.isAlpha(c) || c == ':' || (i > 0 && Lexer.isDigit(c));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void selector(StringBuilder sb, Expr.VectorSelector vs) {
        boolean nameOutside = vs.name() != null && isLegacyMetricName(vs.name());
        if (nameOutside) {
            sb.append(vs.name());
        }
        StringBuilder inner = new StringBuilder();
        boolean first = true;
        if (vs.name() != null && !nameOutside) {
            inner.append(goQuote(vs.name()));
            first = false;
        }
        for (LabelMatcher m : vs.matchers()) {
            if (vs.name() != null && m.name().equals(Labels.METRIC_NAME) && m.type() == LabelMatcher.Type.EQ
                    && m.value().equals(vs.name())) {
                continue;
            }
            if (!first) {
                inner.append(", ");
            }
            first = false;
            inner.append(labelName(m.name())).append(m.type().symbol()).append(goQuote(m.value()));
        }
        if (inner.length() > 0 || !nameOutside) {
            sb.append('{').append(inner).append('}');
        }
    }

    private static void modifiers(StringBuilder sb, long offset, Expr.AtKind at, long atMs) {
        switch (at) {
            case TIMESTAMP -> sb.append(" @ ").append(new BigDecimal(atMs).movePointLeft(3).setScale(3).toPlainString());
            case START -> sb.append(" @ start()");
            case END -> sb.append(" @ end()");
            case NONE -> {
            }
        }
        if (offset > 0) {
            sb.append(" offset ").append(Durations.format(offset));
        } else if (offset < 0) {
            sb.append(" offset -").append(Durations.format(-offset));
        }
    }

    /** Go's {@code %v} rendering of a float64 (shortest repr, exponent only below 1e-4 or from 1e21). */
    public static String formatNumber(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = bd.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (v < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return sb.toString();
        }
        return bd.toPlainString();
    }

    /** Go's {@code strconv.Quote} for the characters that matter in PromQL. */
    public static String goQuote(String s) {
        return GoStrings.quote(s);
    }
}
