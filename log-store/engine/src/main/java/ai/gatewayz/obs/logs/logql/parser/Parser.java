package ai.gatewayz.obs.logs.logql.parser;

import ai.gatewayz.obs.common.GoStrings;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlErrors;
import ai.gatewayz.obs.logs.logql.ast.Expr;
import ai.gatewayz.obs.logs.logql.ast.LabelFilter;
import ai.gatewayz.obs.logs.logql.ast.LogQuery;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.BinOp;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.Grouping;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.RangeOp;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.VectorOp;
import ai.gatewayz.obs.logs.logql.ast.Stage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent LogQL parser producing the {@code ast} records; errors are Loki's
 * ("parse error at line L, col C: syntax error: unexpected X"). One instance per query.
 */
public final class Parser {
    /**
     * Nesting bound: the parser recurses per level, and a thread's stack is finite (Loki's Go
     * stack grows instead); far beyond any real query, and well inside a default stack.
     */
    static final int MAX_DEPTH = 200;

    private final List<Token> toks;
    private int p;
    private int depth;

    private Parser(List<Token> toks) {
        this.toks = toks;
    }

    /** Parses and validates a whole query; throws SuiteException(BAD_DATA) with Loki's message. */
    public static Expr parse(String query) {
        Parser ps = new Parser(Lexer.lex(query));
        Expr e = ps.expr();
        ps.expect(TokenKind.END, null);
        Validator.validate(e);
        return e;
    }

    /** Parses a bare stream selector (the {@code match[]} and {@code query} parameters of the label APIs). */
    public static List<LabelMatcher> parseSelector(String selector) {
        Parser ps = new Parser(Lexer.lex(selector));
        List<LabelMatcher> ms = ps.selector();
        ps.expect(TokenKind.END, null);
        Validator.checkSelector(ms);
        return ms;
    }

    /**
     * The label set of a pushed stream ({@code {app="api", env="prod"}}): the selector grammar of
     * a query, so push and query agree on quoting and escapes. Only {@code =} matchers are
     * allowed; an empty selector is not checked here (the ingest layer names that failure).
     */
    public static List<LabelMatcher> parseStreamLabels(String text) {
        Parser ps = new Parser(Lexer.lex(text));
        List<LabelMatcher> ms = ps.selector();
        ps.expect(TokenKind.END, null);
        for (LabelMatcher m : ms) {
            if (m.type() != LabelMatcher.Type.EQ) {
                throw LogqlErrors.semantic("only = matchers are allowed in push labels [label=" + m.name() + "]");
            }
        }
        return ms;
    }

    /**
     * The matchers a metadata request ({@code /labels}, {@code /series}, {@code /index/stats})
     * filters streams by: the whole query is parsed and validated as Loki does, a log query's
     * pipeline is ignored, and a metric query contributes the selector of its first log range.
     */
    public static List<LabelMatcher> streamMatchers(String query) {
        Expr e = parse(query);
        List<LabelMatcher> ms = firstSelector(e);
        return ms == null ? List.of() : ms;
    }

    private static List<LabelMatcher> firstSelector(Expr e) {
        return switch (e) {
            case LogQuery q -> q.matchers();
            case SampleExpr.RangeAggregation r -> r.range().query().matchers();
            case SampleExpr.VectorAggregation v -> firstSelector(v.inner());
            case SampleExpr.Binary b -> {
                List<LabelMatcher> l = firstSelector(b.lhs());
                yield l != null ? l : firstSelector(b.rhs());
            }
            case SampleExpr.LabelReplace l -> firstSelector(l.inner());
            case SampleExpr.Literal l -> null;
            case SampleExpr.VectorLiteral v -> null;
        };
    }

    /** True for a Loki label name, {@code [a-zA-Z_][a-zA-Z0-9_]*} (an IDENTIFIER token). */
    public static boolean isLabelName(String name) {
        if (name.isEmpty() || !Lexer.isIdentStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Lexer.isIdentPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ tokens

    private Token peek() {
        return toks.get(p);
    }

    private Token peek(int ahead) {
        return toks.get(Math.min(p + ahead, toks.size() - 1));
    }

    private Token next() {
        Token t = toks.get(p);
        if (p < toks.size() - 1) {
            p++;
        }
        return t;
    }

    private boolean accept(TokenKind k) {
        if (peek().is(k)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(TokenKind k, String expecting) {
        Token t = peek();
        if (!t.is(k)) {
            throw unexpected(t, expecting);
        }
        return next();
    }

    private static SuiteException unexpected(Token t, String expecting) {
        return LogqlErrors.unexpected(t.line(), t.col(), t.display(), expecting);
    }

    // ------------------------------------------------------------------ expressions

    private Expr expr() {
        return binary(1);
    }

    private Expr binary(int minPrec) {
        if (++depth > MAX_DEPTH) {
            Token t = peek();
            throw LogqlErrors.at(t.line(), t.col(), "expression nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            return binaryAt(minPrec);
        } finally {
            depth--;
        }
    }

    private Expr binaryAt(int minPrec) {
        Expr lhs = unary();
        while (true) {
            Token t = peek();
            BinOp op = binOp(t);
            if (op == null || op.precedence < minPrec) {
                return lhs;
            }
            next();
            boolean bool = false;
            if (peek().isWord("bool")) {
                next();
                bool = true;
            }
            SampleExpr.Matching matching = matching();
            int nextMin = op == BinOp.POW ? op.precedence : op.precedence + 1;
            Expr rhs = binary(nextMin);
            lhs = makeBinary(t, op, lhs, rhs, bool, matching);
        }
    }

    private static BinOp binOp(Token t) {
        return switch (t.kind()) {
            case ADD -> BinOp.ADD;
            case SUB -> BinOp.SUB;
            case MUL -> BinOp.MUL;
            case DIV -> BinOp.DIV;
            case MOD -> BinOp.MOD;
            case POW -> BinOp.POW;
            case CMP_EQ -> BinOp.EQ;
            case NEQ -> BinOp.NEQ;
            case GT -> BinOp.GT;
            case GTE -> BinOp.GTE;
            case LT -> BinOp.LT;
            case LTE -> BinOp.LTE;
            case IDENTIFIER -> t.isWord("or") ? BinOp.OR : t.isWord("and") ? BinOp.AND : t.isWord("unless") ? BinOp.UNLESS : null;
            default -> null;
        };
    }

    private SampleExpr.Matching matching() {
        boolean on;
        if (peek().isWord("on")) {
            on = true;
        } else if (peek().isWord("ignoring")) {
            on = false;
        } else {
            return SampleExpr.Matching.NONE;
        }
        next();
        List<String> labels = labelList();
        int card = 0;
        List<String> include = List.of();
        if (peek().isWord("group_left") || peek().isWord("group_right")) {
            card = next().isWord("group_left") ? -1 : 1;
            // "group_left (vector(0))" is the group_left without labels followed by a parenthesised operand
            if (peek().is(TokenKind.OPEN_PARENTHESIS) && isLabelList()) {
                include = labelList();
            }
        }
        return new SampleExpr.Matching(on, labels, card, include);
    }

    private boolean isLabelList() {
        int i = 1;
        if (peek(i).is(TokenKind.CLOSE_PARENTHESIS)) {
            return true;
        }
        while (true) {
            if (!peek(i).is(TokenKind.IDENTIFIER)) {
                return false;
            }
            i++;
            if (peek(i).is(TokenKind.CLOSE_PARENTHESIS)) {
                return !peek(i + 1).is(TokenKind.OPEN_PARENTHESIS) || true;
            }
            if (!peek(i).is(TokenKind.COMMA)) {
                return false;
            }
            i++;
        }
    }

    private Expr makeBinary(Token at, BinOp op, Expr lhs, Expr rhs, boolean bool, SampleExpr.Matching matching) {
        if (!(lhs instanceof SampleExpr l) || !(rhs instanceof SampleExpr r)) {
            throw LogqlErrors.at(at.line(), at.col(), "unexpected type for left leg of binary operation (" + op.symbol + "): "
                    + (lhs instanceof LogQuery ? "log query" : "metric query"));
        }
        if (op.set()) {
            if (l instanceof SampleExpr.Literal lit) {
                throw LogqlErrors.semantic("unexpected literal for left leg of logical/set binary operation (" + op.symbol
                        + "): " + String.format(Locale.ROOT, "%f", lit.value()));
            }
            if (r instanceof SampleExpr.Literal lit) {
                throw LogqlErrors.semantic("unexpected literal for right leg of logical/set binary operation (" + op.symbol
                        + "): " + String.format(Locale.ROOT, "%f", lit.value()));
            }
        }
        if (l instanceof SampleExpr.Literal a && r instanceof SampleExpr.Literal b) {
            return new SampleExpr.Literal(ScalarMath.apply(op, a.value(), b.value()));
        }
        return new SampleExpr.Binary(op, l, r, bool, matching);
    }

    private Expr unary() {
        Token t = peek();
        if ((t.is(TokenKind.SUB) || t.is(TokenKind.ADD)) && peek(1).is(TokenKind.NUMBER)) {
            next();
            double v = number(next());
            return new SampleExpr.Literal(t.is(TokenKind.SUB) ? -v : v);
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case OPEN_BRACE -> {
                return logQuery();
            }
            case NUMBER -> {
                next();
                return new SampleExpr.Literal(number(t));
            }
            case OPEN_PARENTHESIS -> {
                next();
                Expr inner = expr();
                expect(TokenKind.CLOSE_PARENTHESIS, null);
                if (inner instanceof LogQuery && peek().is(TokenKind.RANGE)) {
                    throw unexpected(peek(), null);
                }
                return inner;
            }
            case IDENTIFIER -> {
                String w = t.text().toLowerCase(Locale.ROOT);
                RangeOp rop = rangeOp(w);
                if (rop != null && peek(1).is(TokenKind.OPEN_PARENTHESIS)) {
                    return rangeAggregation(rop);
                }
                VectorOp vop = vectorOp(w);
                if (vop != null && (peek(1).is(TokenKind.OPEN_PARENTHESIS) || peek(1).isWord("by") || peek(1).isWord("without"))) {
                    return vectorAggregation(vop);
                }
                if (w.equals("vector") && peek(1).is(TokenKind.OPEN_PARENTHESIS)) {
                    next();
                    next();
                    Token n = peek();
                    double v;
                    if ((n.is(TokenKind.SUB) || n.is(TokenKind.ADD)) && peek(1).is(TokenKind.NUMBER)) {
                        next();
                        v = number(next()) * (n.is(TokenKind.SUB) ? -1 : 1);
                    } else {
                        v = number(expect(TokenKind.NUMBER, "NUMBER"));
                    }
                    expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
                    return new SampleExpr.VectorLiteral(v);
                }
                if (w.equals("label_replace") && peek(1).is(TokenKind.OPEN_PARENTHESIS)) {
                    return labelReplace();
                }
                throw unexpected(t, null);
            }
            default -> throw unexpected(t, null);
        }
    }

    private static double number(Token t) {
        try {
            return Double.parseDouble(t.text());
        } catch (NumberFormatException e) {
            throw LogqlErrors.at(t.line(), t.col(), "invalid number " + t.text());
        }
    }

    private static RangeOp rangeOp(String w) {
        for (RangeOp op : RangeOp.values()) {
            if (op.fn().equals(w)) {
                return op;
            }
        }
        return null;
    }

    private static VectorOp vectorOp(String w) {
        for (VectorOp op : VectorOp.values()) {
            if (op.fn().equals(w)) {
                return op;
            }
        }
        return null;
    }

    private Expr labelReplace() {
        next();
        expect(TokenKind.OPEN_PARENTHESIS, null);
        Expr inner = expr();
        if (!(inner instanceof SampleExpr s)) {
            throw LogqlErrors.semantic("label_replace requires a metric query");
        }
        String[] args = new String[4];
        for (int i = 0; i < 4; i++) {
            expect(TokenKind.COMMA, "COMMA");
            args[i] = expect(TokenKind.STRING, "STRING").text();
        }
        expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
        try {
            java.util.regex.Pattern.compile(args[3]);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw LogqlErrors.semantic("invalid regex in label_replace: " + e.getDescription());
        }
        if (!Lexer.isIdentStart(args[0].isEmpty() ? '0' : args[0].charAt(0))) {
            throw LogqlErrors.semantic("invalid destination label name in label_replace(): " + args[0]);
        }
        return new SampleExpr.LabelReplace(s, args[0], args[1], args[2], args[3]);
    }

    private Grouping grouping() {
        if (peek().isWord("by") || peek().isWord("without")) {
            boolean without = next().isWord("without");
            return new Grouping(without, labelList());
        }
        return null;
    }

    private List<String> labelList() {
        expect(TokenKind.OPEN_PARENTHESIS, "OPEN_PARENTHESIS");
        List<String> out = new ArrayList<>();
        if (accept(TokenKind.CLOSE_PARENTHESIS)) {
            return out;
        }
        while (true) {
            out.add(expect(TokenKind.IDENTIFIER, "IDENTIFIER").text());
            if (accept(TokenKind.CLOSE_PARENTHESIS)) {
                return out;
            }
            expect(TokenKind.COMMA, "CLOSE_PARENTHESIS or COMMA");
        }
    }

    private Expr vectorAggregation(VectorOp op) {
        next();
        Grouping g = grouping();
        expect(TokenKind.OPEN_PARENTHESIS, "OPEN_PARENTHESIS");
        Integer param = null;
        Token paramTok = null;
        if ((peek().is(TokenKind.NUMBER) || (peek().is(TokenKind.SUB) && peek(1).is(TokenKind.NUMBER))) && peek(peek().is(TokenKind.SUB) ? 2 : 1).is(TokenKind.COMMA)) {
            boolean neg = accept(TokenKind.SUB);
            paramTok = next();
            next();
            if (op != VectorOp.TOPK && op != VectorOp.BOTTOMK && op != VectorOp.APPROX_TOPK) {
                throw LogqlErrors.semantic("unsupported parameter for operation " + op.fn() + "(" + paramTok.text() + ",");
            }
            double v = number(paramTok) * (neg ? -1 : 1);
            if (v != Math.rint(v)) {
                throw LogqlErrors.semantic("invalid parameter " + op.fn() + "(" + (neg ? "-" : "") + paramTok.text() + ",");
            }
            if (v <= 0) {
                throw LogqlErrors.semantic("invalid parameter (must be greater than 0) " + op.fn() + "(" + (neg ? "-" : "") + paramTok.text() + ",");
            }
            param = (int) Math.min(v, Integer.MAX_VALUE);
        }
        Expr inner = expr();
        expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
        Grouping after = grouping();
        if (g != null && after != null) {
            throw unexpected(toks.get(p - 1), null);
        }
        if (after != null) {
            g = after;
        }
        if (!(inner instanceof SampleExpr s)) {
            throw LogqlErrors.semantic("invalid aggregation " + op.fn() + " over a log query; wrap it in a range aggregation");
        }
        if ((op == VectorOp.TOPK || op == VectorOp.BOTTOMK || op == VectorOp.APPROX_TOPK) && param == null) {
            throw LogqlErrors.semantic("parameter required for operation " + op.fn());
        }
        if ((op == VectorOp.SORT || op == VectorOp.SORT_DESC) && g != null) {
            throw LogqlErrors.semantic("grouping not allowed for " + op.fn() + " aggregation");
        }
        return new SampleExpr.VectorAggregation(op, s, g, param);
    }

    private Expr rangeAggregation(RangeOp op) {
        Token fn = next();
        expect(TokenKind.OPEN_PARENTHESIS, "OPEN_PARENTHESIS");
        Double param = null;
        if (peek().is(TokenKind.NUMBER) && peek(1).is(TokenKind.COMMA)) {
            param = number(next());
            next();
            if (op != RangeOp.QUANTILE_OVER_TIME) {
                throw LogqlErrors.semantic("invalid aggregation " + op.fn() + ", parameter is only allowed for quantile_over_time");
            }
        }
        SampleExpr.LogRange range = logRange();
        expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
        Grouping g = grouping();
        if (op == RangeOp.QUANTILE_OVER_TIME && param == null) {
            throw LogqlErrors.semantic("invalid aggregation quantile_over_time without parameter");
        }
        Validator.checkRange(fn, op, range, g);
        return new SampleExpr.RangeAggregation(op, range, param, g);
    }

    /** The argument of a range aggregation: a selector, pipeline and unwrap with the range somewhere, in any parentheses. */
    private SampleExpr.LogRange logRange() {
        int parens = 0;
        while (peek().is(TokenKind.OPEN_PARENTHESIS)) {
            next();
            parens++;
        }
        if (!peek().is(TokenKind.OPEN_BRACE)) {
            throw unexpected(peek(), "OPEN_BRACE");
        }
        List<LabelMatcher> ms = selector();
        List<Stage> stages = new ArrayList<>();
        Long range = null;
        long offset = 0;
        SampleExpr.Unwrap unwrap = null;
        while (true) {
            Token t = peek();
            if (t.is(TokenKind.RANGE)) {
                if (range != null) {
                    throw unexpected(t, null);
                }
                range = Long.parseLong(next().text());
                if (peek().isWord("offset")) {
                    next();
                    offset = durationNanos(expect(TokenKind.DURATION, "DURATION"));
                }
                continue;
            }
            if (t.is(TokenKind.CLOSE_PARENTHESIS) && parens > 0) {
                next();
                parens--;
                continue;
            }
            if (t.is(TokenKind.PIPE) && peek(1).isWord("unwrap")) {
                if (unwrap != null) {
                    throw unexpected(peek(1), null);
                }
                next();
                next();
                unwrap = unwrapExpr();
                continue;
            }
            if (unwrap != null && t.is(TokenKind.PIPE)) {
                next();
                List<LabelFilter> post = new ArrayList<>(unwrap.postFilters());
                post.add(labelFilter());
                unwrap = new SampleExpr.Unwrap(unwrap.label(), unwrap.conv(), post);
                continue;
            }
            if (unwrap == null && isStageStart(t)) {
                stages.add(stage());
                continue;
            }
            break;
        }
        if (parens > 0) {
            throw unexpected(peek(), "CLOSE_PARENTHESIS");
        }
        if (range == null) {
            throw unexpected(peek(), "RANGE");
        }
        return new SampleExpr.LogRange(new LogQuery(ms, stages), range, offset, unwrap);
    }

    private static long durationNanos(Token t) {
        Long n = GoDurations.parseNanos(t.text());
        if (n == null) {
            n = ai.gatewayz.obs.common.Durations.parse(t.text()) * 1_000_000L;
        }
        return n;
    }

    private SampleExpr.Unwrap unwrapExpr() {
        Token t = peek();
        SampleExpr.Conv conv = SampleExpr.Conv.NONE;
        if (t.is(TokenKind.IDENTIFIER) && peek(1).is(TokenKind.OPEN_PARENTHESIS)) {
            String w = t.text();
            conv = switch (w) {
                case "duration" -> SampleExpr.Conv.DURATION;
                case "duration_seconds" -> SampleExpr.Conv.DURATION_SECONDS;
                case "bytes" -> SampleExpr.Conv.BYTES;
                default -> throw unexpected(peek(1), null);
            };
            next();
            next();
            String label = expect(TokenKind.IDENTIFIER, "IDENTIFIER").text();
            expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
            return new SampleExpr.Unwrap(label, conv, List.of());
        }
        String label = expect(TokenKind.IDENTIFIER, "IDENTIFIER").text();
        return new SampleExpr.Unwrap(label, conv, List.of());
    }

    // ------------------------------------------------------------------ log queries

    private LogQuery logQuery() {
        List<LabelMatcher> ms = selector();
        List<Stage> stages = new ArrayList<>();
        while (isStageStart(peek())) {
            if (peek().is(TokenKind.PIPE) && peek(1).isWord("unwrap")) {
                throw unexpected(peek(1), null);
            }
            stages.add(stage());
        }
        return new LogQuery(ms, stages);
    }

    private static boolean isStageStart(Token t) {
        return switch (t.kind()) {
            case PIPE, PIPE_EXACT, PIPE_MATCH, PIPE_PATTERN, NEQ, NRE, NPA -> true;
            default -> false;
        };
    }

    private List<LabelMatcher> selector() {
        expect(TokenKind.OPEN_BRACE, "OPEN_BRACE");
        List<LabelMatcher> ms = new ArrayList<>();
        if (accept(TokenKind.CLOSE_BRACE)) {
            return ms;
        }
        while (true) {
            ms.add(matcher());
            if (accept(TokenKind.CLOSE_BRACE)) {
                return ms;
            }
            expect(TokenKind.COMMA, "CLOSE_BRACE or COMMA");
        }
    }

    private LabelMatcher matcher() {
        Token name = expect(TokenKind.IDENTIFIER, "IDENTIFIER");
        Token op = next();
        LabelMatcher.Type type = switch (op.kind()) {
            case EQ -> LabelMatcher.Type.EQ;
            case NEQ -> LabelMatcher.Type.NEQ;
            case RE -> LabelMatcher.Type.RE;
            case NRE -> LabelMatcher.Type.NRE;
            default -> throw unexpected(op, "EQ or NEQ or RE or NRE");
        };
        Token v = expect(TokenKind.STRING, "STRING");
        return newMatcher(type, name.text(), v.text());
    }

    static LabelMatcher newMatcher(LabelMatcher.Type type, String name, String value) {
        if (type == LabelMatcher.Type.RE || type == LabelMatcher.Type.NRE) {
            Regexes.check(value);
        }
        try {
            return LabelMatcher.of(type, name, value);
        } catch (SuiteException e) {
            throw LogqlErrors.semantic(e.getMessage());
        }
    }

    private Stage stage() {
        Token t = peek();
        if (!t.is(TokenKind.PIPE)) {
            return lineFilter();
        }
        next();
        Token w = peek();
        if (w.is(TokenKind.OPEN_PARENTHESIS)) {
            return new Stage.LabelFilterStage(labelFilter());
        }
        if (!w.is(TokenKind.IDENTIFIER)) {
            throw unexpected(w, null);
        }
        TokenKind after = peek(1).kind();
        boolean comparison = switch (after) {
            case EQ, NEQ, RE, NRE, CMP_EQ, LT, LTE, GT, GTE -> true;
            default -> false;
        };
        if (comparison) {
            return new Stage.LabelFilterStage(labelFilter());
        }
        switch (w.text()) {
            case "json" -> {
                next();
                return new Stage.Json(params(true));
            }
            case "logfmt" -> {
                next();
                boolean strict = false;
                boolean keepEmpty = false;
                while (peek().is(TokenKind.PARSER_FLAG)) {
                    Token f = next();
                    switch (f.text()) {
                        case "--strict" -> strict = true;
                        case "--keep-empty" -> keepEmpty = true;
                        default -> throw LogqlErrors.at(f.line(), f.col(), "invalid logfmt parser flag: " + f.text());
                    }
                }
                return new Stage.Logfmt(strict, keepEmpty, params(false));
            }
            case "regexp" -> {
                next();
                String re = expect(TokenKind.STRING, "STRING").text();
                Regexes.checkNamedGroups(re);
                return new Stage.Regexp(re);
            }
            case "pattern" -> {
                next();
                String pat = expect(TokenKind.STRING, "STRING").text();
                ai.gatewayz.obs.logs.logql.pipeline.PatternMatcher.compile(pat, true);
                return new Stage.Pattern(pat);
            }
            case "unpack" -> {
                next();
                return new Stage.Unpack();
            }
            case "decolorize" -> {
                next();
                return new Stage.Decolorize();
            }
            case "line_format" -> {
                next();
                String tpl = expect(TokenKind.STRING, "STRING").text();
                ai.gatewayz.obs.logs.logql.pipeline.LogqlTemplates.compile("line_format", tpl);
                return new Stage.LineFormat(tpl);
            }
            case "label_format" -> {
                next();
                return labelFormat();
            }
            case "drop" -> {
                next();
                return new Stage.Drop(namedMatchers());
            }
            case "keep" -> {
                next();
                return new Stage.Keep(namedMatchers());
            }
            case "distinct" -> {
                next();
                List<String> names = new ArrayList<>();
                names.add(expect(TokenKind.IDENTIFIER, "IDENTIFIER").text());
                while (accept(TokenKind.COMMA)) {
                    names.add(expect(TokenKind.IDENTIFIER, "IDENTIFIER").text());
                }
                return new Stage.Distinct(names);
            }
            default -> throw unexpected(peek(1), null);
        }
    }

    private Stage lineFilter() {
        Token opTok = next();
        Stage.FilterOp op = switch (opTok.kind()) {
            case PIPE_EXACT -> Stage.FilterOp.CONTAINS;
            case NEQ -> Stage.FilterOp.NOT_CONTAINS;
            case PIPE_MATCH -> Stage.FilterOp.REGEX;
            case NRE -> Stage.FilterOp.NOT_REGEX;
            case PIPE_PATTERN -> Stage.FilterOp.PATTERN;
            case NPA -> Stage.FilterOp.NOT_PATTERN;
            default -> throw unexpected(opTok, null);
        };
        List<Stage.FilterValue> values = new ArrayList<>();
        values.add(filterValue(op));
        while (peek().isWord("or")) {
            next();
            values.add(filterValue(op));
        }
        return new Stage.LineFilter(op, values);
    }

    private Stage.FilterValue filterValue(Stage.FilterOp op) {
        Token t = peek();
        if (t.isWord("ip") && peek(1).is(TokenKind.OPEN_PARENTHESIS)) {
            if (op != Stage.FilterOp.CONTAINS && op != Stage.FilterOp.NOT_CONTAINS) {
                throw LogqlErrors.at(t.line(), t.col(), "syntax error: unexpected IP, expecting STRING");
            }
            next();
            next();
            String v = expect(TokenKind.STRING, "STRING").text();
            expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
            ai.gatewayz.obs.logs.logql.pipeline.IpMatcher.compile(v);
            return new Stage.FilterValue(v, true);
        }
        String v = expect(TokenKind.STRING, "STRING").text();
        if (op == Stage.FilterOp.REGEX || op == Stage.FilterOp.NOT_REGEX) {
            Regexes.check(v);
        } else if (op == Stage.FilterOp.PATTERN || op == Stage.FilterOp.NOT_PATTERN) {
            ai.gatewayz.obs.logs.logql.pipeline.PatternMatcher.compile(v, false);
        }
        return new Stage.FilterValue(v, false);
    }

    private List<Stage.Param> params(boolean json) {
        List<Stage.Param> out = new ArrayList<>();
        if (!peek().is(TokenKind.IDENTIFIER) || peek().isWord("or") && false) {
            return out;
        }
        while (true) {
            Token name = expect(TokenKind.IDENTIFIER, "IDENTIFIER");
            if (accept(TokenKind.EQ)) {
                String expr = expect(TokenKind.STRING, "STRING").text();
                if (json) {
                    ai.gatewayz.obs.logs.logql.pipeline.JsonPaths.parse(expr);
                }
                out.add(new Stage.Param(name.text(), expr, false));
            } else {
                out.add(new Stage.Param(name.text(), name.text(), true));
            }
            if (!accept(TokenKind.COMMA)) {
                return out;
            }
        }
    }

    private Stage labelFormat() {
        List<Stage.LabelFmt> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            Token dst = expect(TokenKind.IDENTIFIER, "IDENTIFIER");
            expect(TokenKind.EQ, "EQ");
            Token v = next();
            Stage.LabelFmt f;
            if (v.is(TokenKind.STRING)) {
                ai.gatewayz.obs.logs.logql.pipeline.LogqlTemplates.compile("label_format", v.text());
                f = new Stage.LabelFmt(dst.text(), v.text(), true);
            } else if (v.is(TokenKind.IDENTIFIER)) {
                f = new Stage.LabelFmt(dst.text(), v.text(), false);
            } else {
                throw unexpected(v, "IDENTIFIER or STRING");
            }
            if (!seen.add(dst.text())) {
                throw LogqlErrors.semantic("multiple label name '" + dst.text() + "' not allowed in a single format operation");
            }
            out.add(f);
            if (!accept(TokenKind.COMMA)) {
                return new Stage.LabelFormat(out);
            }
        }
    }

    private List<Stage.NamedMatcher> namedMatchers() {
        List<Stage.NamedMatcher> out = new ArrayList<>();
        while (true) {
            Token name = expect(TokenKind.IDENTIFIER, "IDENTIFIER");
            LabelMatcher m = null;
            TokenKind k = peek().kind();
            if (k == TokenKind.EQ || k == TokenKind.NEQ || k == TokenKind.RE || k == TokenKind.NRE) {
                p--;
                m = matcher();
            }
            out.add(new Stage.NamedMatcher(name.text(), m));
            if (!accept(TokenKind.COMMA)) {
                return out;
            }
        }
    }

    // ------------------------------------------------------------------ label filters

    private LabelFilter labelFilter() {
        LabelFilter l = labelAnd();
        while (peek().isWord("or")) {
            next();
            l = new LabelFilter.Or(l, labelAnd());
        }
        return l;
    }

    private LabelFilter labelAnd() {
        LabelFilter l = labelAtom();
        while (true) {
            Token t = peek();
            if (t.isWord("and") || t.is(TokenKind.COMMA)) {
                next();
                l = new LabelFilter.And(l, labelAtom());
            } else if (t.is(TokenKind.OPEN_PARENTHESIS) || (t.is(TokenKind.IDENTIFIER) && !t.isWord("or") && isCmp(peek(1).kind()))) {
                l = new LabelFilter.And(l, labelAtom());
            } else {
                return l;
            }
        }
    }

    private static boolean isCmp(TokenKind k) {
        return switch (k) {
            case EQ, NEQ, RE, NRE, CMP_EQ, LT, LTE, GT, GTE -> true;
            default -> false;
        };
    }

    private LabelFilter labelAtom() {
        if (accept(TokenKind.OPEN_PARENTHESIS)) {
            LabelFilter inner = labelFilter();
            expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
            return new LabelFilter.Paren(inner);
        }
        Token name = expect(TokenKind.IDENTIFIER, "IDENTIFIER");
        Token op = next();
        Token v = peek();
        boolean neg = false;
        if ((v.is(TokenKind.SUB) || v.is(TokenKind.ADD)) && (peek(1).is(TokenKind.NUMBER) || peek(1).is(TokenKind.DURATION))) {
            neg = v.is(TokenKind.SUB);
            next();
            v = peek();
        }
        switch (op.kind()) {
            case EQ, NEQ, RE, NRE -> {
                if (v.is(TokenKind.STRING)) {
                    next();
                    LabelMatcher.Type type = switch (op.kind()) {
                        case EQ -> LabelMatcher.Type.EQ;
                        case NEQ -> LabelMatcher.Type.NEQ;
                        case RE -> LabelMatcher.Type.RE;
                        default -> LabelMatcher.Type.NRE;
                    };
                    return new LabelFilter.StringMatch(newMatcher(type, name.text(), v.text()));
                }
                if ((op.is(TokenKind.EQ) || op.is(TokenKind.NEQ)) && v.isWord("ip") && peek(1).is(TokenKind.OPEN_PARENTHESIS)) {
                    next();
                    next();
                    String pat = expect(TokenKind.STRING, "STRING").text();
                    expect(TokenKind.CLOSE_PARENTHESIS, "CLOSE_PARENTHESIS");
                    ai.gatewayz.obs.logs.logql.pipeline.IpMatcher.compile(pat);
                    return new LabelFilter.Ip(name.text(), op.is(TokenKind.NEQ), pat);
                }
                if (op.is(TokenKind.RE) || op.is(TokenKind.NRE)) {
                    throw unexpected(v, "STRING");
                }
                return typed(name, op.is(TokenKind.EQ) ? LabelFilter.Cmp.EQ : LabelFilter.Cmp.NEQ, next(), neg);
            }
            case CMP_EQ -> {
                return typed(name, LabelFilter.Cmp.EQ, next(), neg);
            }
            case GT -> {
                return typed(name, LabelFilter.Cmp.GT, next(), neg);
            }
            case GTE -> {
                return typed(name, LabelFilter.Cmp.GTE, next(), neg);
            }
            case LT -> {
                return typed(name, LabelFilter.Cmp.LT, next(), neg);
            }
            case LTE -> {
                return typed(name, LabelFilter.Cmp.LTE, next(), neg);
            }
            default -> throw unexpected(op, null);
        }
    }

    private LabelFilter typed(Token name, LabelFilter.Cmp cmp, Token v, boolean neg) {
        double sign = neg ? -1 : 1;
        String prefix = neg ? "-" : "";
        return switch (v.kind()) {
            case NUMBER -> new LabelFilter.Compare(name.text(), cmp, LabelFilter.Kind.NUMBER, sign * number(v), prefix + v.text());
            case DURATION -> new LabelFilter.Compare(name.text(), cmp, LabelFilter.Kind.DURATION,
                    sign * durationNanos(v) / 1e9, prefix + v.text());
            case BYTES -> new LabelFilter.Compare(name.text(), cmp, LabelFilter.Kind.BYTES, ByteSizes.parse(v.text()), v.text());
            default -> throw unexpected(v, cmp == LabelFilter.Cmp.EQ || cmp == LabelFilter.Cmp.NEQ ? null : "NUMBER or DURATION or BYTES");
        };
    }

    /** For callers printing a string as Loki prints it. */
    static String quote(String s) {
        return GoStrings.quote(s);
    }
}
