package ai.gatewayz.obs.logs.logql.ast;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.GoStrings;
import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/** Renders an AST back to LogQL in canonical one-line form (what /format_query answers). Stateless. */
public final class Printer {
    private Printer() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        expr(sb, e);
        return sb.toString();
    }

    private static void expr(StringBuilder sb, Expr e) {
        switch (e) {
            case LogQuery q -> logQuery(sb, q);
            case SampleExpr.Literal l -> sb.append(num(l.value()));
            case SampleExpr.VectorLiteral v -> sb.append("vector(").append(num(v.value())).append(')');
            case SampleExpr.RangeAggregation r -> {
                sb.append(r.op().fn()).append('(');
                if (r.param() != null) {
                    sb.append(num(r.param())).append(',');
                }
                logQuery(sb, r.range().query());
                SampleExpr.Unwrap u = r.range().unwrap();
                if (u != null) {
                    sb.append(" | unwrap ");
                    if (u.conv() != SampleExpr.Conv.NONE) {
                        sb.append(u.conv().fn).append('(').append(u.label()).append(')');
                    } else {
                        sb.append(u.label());
                    }
                    for (LabelFilter f : u.postFilters()) {
                        sb.append(" | ");
                        labelFilter(sb, f);
                    }
                }
                sb.append('[').append(duration(r.range().rangeNanos())).append(']');
                if (r.range().offsetNanos() != 0) {
                    sb.append(" offset ").append(duration(r.range().offsetNanos()));
                }
                sb.append(')');
                grouping(sb, r.grouping());
            }
            case SampleExpr.VectorAggregation v -> {
                sb.append(v.op().fn());
                grouping(sb, v.grouping());
                sb.append('(');
                if (v.param() != null) {
                    sb.append(v.param()).append(',');
                }
                expr(sb, v.inner());
                sb.append(')');
            }
            case SampleExpr.Binary b -> {
                sb.append('(');
                expr(sb, b.lhs());
                sb.append(' ').append(b.op().symbol).append(' ');
                if (b.returnBool()) {
                    sb.append("bool ");
                }
                SampleExpr.Matching m = b.matching();
                if (m != SampleExpr.Matching.NONE && (m.on() || !m.labels().isEmpty() || m.card() != 0)) {
                    sb.append(m.on() ? "on" : "ignoring").append(" (").append(String.join(", ", m.labels())).append(") ");
                    if (m.card() != 0) {
                        sb.append(m.card() < 0 ? "group_left" : "group_right").append(" (")
                                .append(String.join(", ", m.include())).append(") ");
                    }
                }
                expr(sb, b.rhs());
                sb.append(')');
            }
            case SampleExpr.LabelReplace l -> {
                sb.append("label_replace(");
                expr(sb, l.inner());
                sb.append(',').append(GoStrings.quote(l.dst())).append(',').append(GoStrings.quote(l.replacement()))
                        .append(',').append(GoStrings.quote(l.src())).append(',').append(GoStrings.quote(l.regex())).append(')');
            }
        }
    }

    private static void grouping(StringBuilder sb, SampleExpr.Grouping g) {
        if (g == null) {
            return;
        }
        sb.append(g.without() ? " without (" : " by (").append(String.join(",", g.labels())).append(')');
    }

    private static String num(double v) {
        return GoFloat.formatPlain(v);
    }

    /** A duration as Go's time.Duration prints it ({@code 5m0s}, {@code 1h0m0s}, {@code 1.5s}). */
    static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (nanos < 0) {
            sb.append('-');
            nanos = -nanos;
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000 == 0) {
                return sb.append(nanos / 1_000_000).append("ms").toString();
            }
            if (nanos % 1000 == 0) {
                return sb.append(nanos / 1000).append("µs").toString();
            }
            return sb.append(nanos).append("ns").toString();
        }
        long h = nanos / 3_600_000_000_000L;
        long rest = nanos % 3_600_000_000_000L;
        long m = rest / 60_000_000_000L;
        long sNanos = rest % 60_000_000_000L;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(sNanos / 1_000_000_000L);
        long frac = sNanos % 1_000_000_000L;
        if (frac != 0) {
            String f = String.format("%09d", frac).replaceAll("0+$", "");
            sb.append('.').append(f);
        }
        return sb.append('s').toString();
    }

    private static void logQuery(StringBuilder sb, LogQuery q) {
        sb.append('{');
        List<LabelMatcher> ms = q.matchers();
        for (int i = 0; i < ms.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            LabelMatcher m = ms.get(i);
            sb.append(m.name()).append(m.type().symbol()).append(GoStrings.quote(m.value()));
        }
        sb.append('}');
        for (Stage s : q.stages()) {
            sb.append(' ');
            stage(sb, s);
        }
    }

    private static void stage(StringBuilder sb, Stage s) {
        switch (s) {
            case Stage.LineFilter f -> {
                sb.append(f.op().symbol).append(' ');
                for (int i = 0; i < f.values().size(); i++) {
                    if (i > 0) {
                        sb.append(" or ");
                    }
                    Stage.FilterValue v = f.values().get(i);
                    sb.append(v.ip() ? "ip(" + GoStrings.quote(v.value()) + ")" : GoStrings.quote(v.value()));
                }
            }
            case Stage.Json j -> {
                sb.append("| json");
                params(sb, j.params());
            }
            case Stage.Logfmt l -> {
                sb.append("| logfmt");
                if (l.strict()) {
                    sb.append(" --strict");
                }
                if (l.keepEmpty()) {
                    sb.append(" --keep-empty");
                }
                params(sb, l.params());
            }
            case Stage.Regexp r -> sb.append("| regexp ").append(GoStrings.quote(r.regex()));
            case Stage.Pattern p -> sb.append("| pattern ").append(GoStrings.quote(p.pattern()));
            case Stage.Unpack u -> sb.append("| unpack");
            case Stage.Decolorize d -> sb.append("| decolorize");
            case Stage.LabelFilterStage l -> {
                sb.append("| ");
                labelFilter(sb, l.filter());
            }
            case Stage.LineFormat l -> sb.append("| line_format ").append(GoStrings.quote(l.template()));
            case Stage.LabelFormat l -> {
                sb.append("| label_format ");
                for (int i = 0; i < l.formats().size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    Stage.LabelFmt f = l.formats().get(i);
                    sb.append(f.dst()).append('=').append(f.template() ? GoStrings.quote(f.value()) : f.value());
                }
            }
            case Stage.Drop d -> {
                sb.append("| drop ");
                named(sb, d.labels());
            }
            case Stage.Keep k -> {
                sb.append("| keep ");
                named(sb, k.labels());
            }
            case Stage.Distinct d -> sb.append("| distinct ").append(String.join(",", d.labels()));
        }
    }

    private static void params(StringBuilder sb, List<Stage.Param> ps) {
        for (int i = 0; i < ps.size(); i++) {
            sb.append(i == 0 ? " " : ",");
            Stage.Param p = ps.get(i);
            sb.append(p.name());
            if (!p.bare()) {
                sb.append('=').append(GoStrings.quote(p.expression()));
            }
        }
    }

    private static void named(StringBuilder sb, List<Stage.NamedMatcher> ns) {
        for (int i = 0; i < ns.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Stage.NamedMatcher n = ns.get(i);
            if (n.matcher() == null) {
                sb.append(n.name());
            } else {
                sb.append(n.name()).append(n.matcher().type().symbol()).append(GoStrings.quote(n.matcher().value()));
            }
        }
    }

    private static void labelFilter(StringBuilder sb, LabelFilter f) {
        switch (f) {
            case LabelFilter.And a -> {
                labelFilter(sb, a.left());
                sb.append(", ");
                labelFilter(sb, a.right());
            }
            case LabelFilter.Or o -> {
                labelFilter(sb, o.left());
                sb.append(" or ");
                labelFilter(sb, o.right());
            }
            case LabelFilter.Paren p -> {
                sb.append("( ");
                labelFilter(sb, p.inner());
                sb.append(" )");
            }
            case LabelFilter.StringMatch m -> sb.append(m.matcher().name()).append(m.matcher().type().symbol())
                    .append(GoStrings.quote(m.matcher().value()));
            case LabelFilter.Compare c -> sb.append(c.name()).append(c.cmp().symbol).append(c.text());
            case LabelFilter.Ip ip -> sb.append(ip.name()).append(ip.negate() ? "!=" : "=").append("ip(")
                    .append(GoStrings.quote(ip.pattern())).append(')');
        }
    }
}
