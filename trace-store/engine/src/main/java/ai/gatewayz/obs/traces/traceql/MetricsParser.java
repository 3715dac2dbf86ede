package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.traceql.Ast.Field;
import ai.gatewayz.obs.traces.traceql.Ast.Op;
import ai.gatewayz.obs.traces.traceql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses TraceQL metrics queries on top of the search {@link Parser}: a search pipeline followed
 * by {@code | fn(...) [by(...)]}, then second stages ({@code | topk(n)}, {@code | bottomk(n)},
 * {@code > 10}); or arithmetic ({@code + - * /}) between parenthesized metrics queries and numbers.
 * {@code compare()} stands alone: no arithmetic, no second stage. Not thread-safe (one per parse).
 */
final class MetricsParser {
    static final Set<String> FUNCTIONS = Set.of("rate", "count_over_time", "sum_over_time", "min_over_time", "max_over_time",
            "avg_over_time", "quantile_over_time", "histogram_over_time", "compare");
    private static final Set<String> ONE_ARG = Set.of("sum_over_time", "min_over_time", "max_over_time", "avg_over_time",
            "histogram_over_time");
    /** Tempo's upper bound on compare()'s topN. */
    static final int MAX_COMPARE_TOP_N = 1000;

    private final Parser p;

    private MetricsParser(String text) {
        this.p = new Parser(text);
        this.p.metrics = true;
    }

    /** True when the query names a metrics function (so it belongs to /api/metrics, not search). */
    static boolean isMetrics(String text) {
        try {
            for (Token t : Lexer.lex(text)) {
                if (t.kind() == Kind.IDENT && FUNCTIONS.contains(t.text())) {
                    return true;
                }
            }
        } catch (SuiteException e) {
            return false;
        }
        return false;
    }

    static Ast.MetricsQuery parse(String text) {
        MetricsParser m = new MetricsParser(text);
        Ast.Metrics e = m.top();
        List<Ast.SecondStage> second = m.secondStages();
        if (m.p.peekIdent("with")) {
            m.p.hints();
        }
        m.p.expect(Kind.EOF);
        if (hasCompare(e) && (!(e instanceof Ast.MetricsPipeline mp) || !second.isEmpty() || !mp.second().isEmpty())) {
            throw TraceqlErrors.type("compare() supports neither second stage operations nor arithmetic");
        }
        return new Ast.MetricsQuery(e, second, text);
    }

    private static boolean hasCompare(Ast.Metrics e) {
        return switch (e) {
            case Ast.MetricsPipeline mp -> mp.fn().fn().equals("compare");
            case Ast.MetricsBinary b -> hasCompare(b.left()) || hasCompare(b.right());
            case Ast.MetricsConst c -> false;
        };
    }

    private static boolean hasPipeline(Ast.Metrics e) {
        return switch (e) {
            case Ast.MetricsPipeline mp -> true;
            case Ast.MetricsBinary b -> hasPipeline(b.left()) || hasPipeline(b.right());
            case Ast.MetricsConst c -> false;
        };
    }

    /** The whole query: a bare pipeline, or arithmetic whose pipelines are parenthesized. */
    private Ast.Metrics top() {
        Kind k = p.peek().kind();
        if (k != Kind.LPAREN && k != Kind.INT && k != Kind.FLOAT && k != Kind.MINUS) {
            Ast.Metrics bare = barePipeline();
            if (isArithmetic(p.peek().kind())) {
                throw TraceqlErrors.syntax(p.peek().col(), "unexpected " + p.peek() + ": each metrics query in arithmetic must be parenthesized");
            }
            return bare;
        }
        int save = p.pos;
        try {
            Ast.Metrics e = additive();
            if (!hasPipeline(e)) {
                throw TraceqlErrors.type("metrics arithmetic needs a metrics query such as ({} | rate())");
            }
            return e;
        } catch (SuiteException arithmeticError) {
            int reached = p.pos;
            p.pos = save;
            try {
                Ast.Metrics bare = barePipeline();
                if (isArithmetic(p.peek().kind())) {
                    throw TraceqlErrors.syntax(p.peek().col(),
                            "unexpected " + p.peek() + ": each metrics query in arithmetic must be parenthesized");
                }
                return bare;
            } catch (SuiteException pipelineError) {
                throw p.pos > reached ? pipelineError : arithmeticError;
            }
        }
    }

    private static boolean isArithmetic(Kind k) {
        return k == Kind.PLUS || k == Kind.MINUS || k == Kind.MUL || k == Kind.DIV || k == Kind.MOD || k == Kind.POW;
    }

    private Ast.Metrics additive() {
        Ast.Metrics l = multiplicative();
        while (p.at(Kind.PLUS) || p.at(Kind.MINUS)) {
            Op op = p.next().kind() == Kind.PLUS ? Op.ADD : Op.SUB;
            l = new Ast.MetricsBinary(op, l, multiplicative());
        }
        return l;
    }

    private Ast.Metrics multiplicative() {
        Ast.Metrics l = operand();
        while (true) {
            if (p.at(Kind.MOD) || p.at(Kind.POW)) {
                throw TraceqlErrors.syntax(p.peek().col(), "unexpected " + p.peek() + ": only + - * / combine metrics queries");
            }
            if (!p.at(Kind.MUL) && !p.at(Kind.DIV)) {
                return l;
            }
            Op op = p.next().kind() == Kind.MUL ? Op.MUL : Op.DIV;
            l = new Ast.MetricsBinary(op, l, operand());
        }
    }

    private Ast.Metrics operand() {
        Token t = p.peek();
        switch (t.kind()) {
            case INT, FLOAT -> {
                p.next();
                return new Ast.MetricsConst(Parser.literal(t).num());
            }
            case DURATION -> throw TraceqlErrors.type("a duration cannot be an operand of metrics arithmetic [value=" + t.text() + "]");
            case LPAREN -> {
                p.next();
                Ast.Metrics inner = inner();
                p.expect(Kind.RPAREN);
                return inner;
            }
            default -> throw p.unexpected();
        }
    }

    /** Inside parentheses: a (bare) metrics pipeline, or a parenthesized metrics expression; constants alone are refused. */
    private Ast.Metrics inner() {
        int save = p.pos;
        try {
            return barePipeline();
        } catch (SuiteException pipelineError) {
            int reached = p.pos;
            p.pos = save;
            try {
                Ast.Metrics e = additive();
                if (!hasPipeline(e)) {
                    throw TraceqlErrors.type("constant arithmetic is not supported in metrics queries [col=" + p.toks().get(save).col() + "]");
                }
                return e;
            } catch (SuiteException arithmeticError) {
                throw p.pos > reached ? arithmeticError : pipelineError;
            }
        }
    }

    /** {@code <search pipeline> | fn(...) [by(...)] <second stages>}. */
    private Ast.MetricsPipeline barePipeline() {
        Ast.Pipeline search = p.pipeline(true);
        if (!(search.stages().getFirst() instanceof Ast.SpansetStage)) {
            throw TraceqlErrors.type("a metrics function needs a spanset before it, such as {} | rate()");
        }
        if (!p.at(Kind.PIPE)) {
            throw TraceqlErrors.syntax(p.peek().col(), "unexpected " + p.peek() + ", expecting | and a metrics function such as rate()");
        }
        p.next();
        Ast.MetricsFn fn = function();
        return new Ast.MetricsPipeline(search, fn, secondStages());
    }

    private Ast.MetricsFn function() {
        Token name = p.expect(Kind.IDENT);
        String fn = name.text();
        if (!FUNCTIONS.contains(fn)) {
            throw TraceqlErrors.syntax(name.col(), "unexpected IDENTIFIER " + fn + ", expecting a metrics function");
        }
        p.expect(Kind.LPAREN);
        Field arg = null;
        List<Double> quantiles = List.of();
        Ast.Spansets selection = null;
        int topN = 10;
        long startNs = 0;
        long endNs = 0;
        switch (fn) {
            case "rate", "count_over_time" -> {
                if (!p.at(Kind.RPAREN)) {
                    throw TraceqlErrors.syntax(p.peek().col(), "unexpected " + p.peek() + ": " + fn + "() takes no argument");
                }
            }
            case "quantile_over_time" -> {
                arg = numericArg(fn);
                List<Double> qs = new ArrayList<>();
                while (p.at(Kind.COMMA)) {
                    p.next();
                    Token q = p.peek();
                    if (q.kind() != Kind.INT && q.kind() != Kind.FLOAT) {
                        throw TraceqlErrors.syntax(q.col(), "unexpected " + q + ", expecting a quantile between 0 and 1");
                    }
                    p.next();
                    double v = Double.parseDouble(q.text());
                    if (v < 0 || v > 1) {
                        throw TraceqlErrors.type("quantile must be between 0 and 1 [quantile=" + q.text() + "]");
                    }
                    qs.add(v);
                }
                if (qs.isEmpty()) {
                    throw TraceqlErrors.type("quantile_over_time() needs at least one quantile, such as quantile_over_time(duration, 0.9)");
                }
                quantiles = List.copyOf(qs);
            }
            case "compare" -> {
                if (!p.at(Kind.LBRACE) && !p.at(Kind.LPAREN)) {
                    throw TraceqlErrors.type("compare() takes a spanset filter, such as compare({ status = error })");
                }
                selection = p.spansetOr();
                if (p.at(Kind.COMMA)) {
                    p.next();
                    long n = integer("topN");
                    if (n < 1 || n > MAX_COMPARE_TOP_N) {
                        throw TraceqlErrors.type("compare() topN must be within [1, " + MAX_COMPARE_TOP_N + "] [topN=" + n + "]");
                    }
                    topN = (int) n;
                    if (p.at(Kind.COMMA)) {
                        p.next();
                        startNs = integer("start");
                        if (!p.at(Kind.COMMA)) {
                            throw TraceqlErrors.syntax(p.peek().col(), "unexpected " + p.peek() + ": compare() takes a filter and 0, 1 or 3 arguments");
                        }
                        p.next();
                        endNs = integer("end");
                        if (startNs <= 0 || endNs <= 0 || startNs >= endNs) {
                            throw TraceqlErrors.type("compare() selection window must be a valid range [start=" + startNs + ", end=" + endNs + "]");
                        }
                    }
                }
            }
            default -> {
                arg = numericArg(fn);
                if (ONE_ARG.contains(fn) && p.at(Kind.COMMA)) {
                    throw TraceqlErrors.syntax(p.peek().col(), "unexpected , : only quantile_over_time() takes parameters");
                }
            }
        }
        p.expect(Kind.RPAREN);
        List<Field> by = List.of();
        if (p.peekIdent("by")) {
            if (fn.equals("compare")) {
                throw TraceqlErrors.type("compare() does not take by()");
            }
            p.next();
            by = byFields();
        }
        return new Ast.MetricsFn(fn, arg, quantiles, by, selection, topN, startNs, endNs);
    }

    private Field numericArg(String fn) {
        if (p.at(Kind.RPAREN)) {
            throw TraceqlErrors.syntax(p.peek().col(), "unexpected ): " + fn + "() needs an attribute, such as " + fn + "(duration)");
        }
        Field f = p.field();
        if (!(f instanceof Ast.AttrRef) && !(f instanceof Ast.Intrinsic)) {
            throw TraceqlErrors.type(fn + "() takes an attribute or intrinsic");
        }
        if (!f.type().numeric() && f.type() != Type.ATTRIBUTE) {
            throw TraceqlErrors.type(fn + "() needs a numeric argument [type=" + Parser.name(f.type()) + "]");
        }
        return f;
    }

    /** A plain integer literal, range-checked as a long so that values out of int range cannot wrap. */
    private long integer(String what) {
        Token t = p.peek();
        if (t.kind() != Kind.INT) {
            throw TraceqlErrors.syntax(t.col(), "unexpected " + t + ", expecting an integer " + what);
        }
        p.next();
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw TraceqlErrors.type("integer out of range [" + what + "=" + t.text() + "]");
        }
    }

    private List<Field> byFields() {
        p.expect(Kind.LPAREN);
        List<Field> out = new ArrayList<>();
        do {
            if (!out.isEmpty()) {
                p.next();
            }
            Token at = p.peek();
            Field f = p.field();
            if (!(f instanceof Ast.AttrRef) && !(f instanceof Ast.Intrinsic)) {
                throw TraceqlErrors.syntax(at.col(), "unexpected " + at + ": by() takes attributes and intrinsics");
            }
            out.add(f);
        } while (p.at(Kind.COMMA));
        p.expect(Kind.RPAREN);
        return List.copyOf(out);
    }

    private List<Ast.SecondStage> secondStages() {
        List<Ast.SecondStage> out = new ArrayList<>();
        while (true) {
            if (p.at(Kind.PIPE) && p.toks().get(p.pos + 1).kind() == Kind.IDENT
                    && (p.toks().get(p.pos + 1).text().equals("topk") || p.toks().get(p.pos + 1).text().equals("bottomk"))) {
                p.next();
                boolean top = p.next().text().equals("topk");
                p.expect(Kind.LPAREN);
                long k = integer("k");
                if (k < 1 || k > Integer.MAX_VALUE) {
                    throw TraceqlErrors.type((top ? "topk" : "bottomk") + "() needs a positive integer [k=" + k + "]");
                }
                p.expect(Kind.RPAREN);
                out.add(new Ast.TopK(top, (int) k));
                continue;
            }
            Op op = switch (p.peek().kind()) {
                case EQ -> Op.EQ;
                case NEQ -> Op.NEQ;
                case GT -> Op.GT;
                case GTE -> Op.GTE;
                case LT -> Op.LT;
                case LTE -> Op.LTE;
                default -> null;
            };
            if (op == null) {
                return out;
            }
            p.next();
            boolean neg = p.at(Kind.MINUS) && p.next() != null;
            Token t = p.peek();
            double v = switch (t.kind()) {
                case INT, FLOAT -> Double.parseDouble(t.text());
                case DURATION -> Literals.durationNanos(t.text()) / 1e9; // metrics values of durations are seconds
                default -> throw p.unexpected();
            };
            p.next();
            out.add(new Ast.ValueFilter(op, neg ? -v : v));
        }
    }
}
