package ai.gatewayz.obs.metrics.promql.parser;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.promql.parser.Expr.AtKind;
import ai.gatewayz.obs.metrics.promql.parser.Expr.VectorMatching;
import ai.gatewayz.obs.metrics.promql.parser.Expr.VectorMatching.Cardinality;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written recursive-descent PromQL parser producing a typed {@link Expr} tree. Type checks
 * follow Prometheus's, with its messages. Stateless entry point; each call uses its own state.
 */
public final class Parser {
    private final String query;
    private final List<Token> tokens;
    private int i;
    /** Prometheus's ParseMetricSelector skips the AST check that rejects {@code {}}. */
    private boolean allowEmptyMatchers;

    private Parser(String query) {
        this.query = query;
        this.tokens = new Lexer(query).lex();
    }

    /** Parses and type-checks an expression. */
    public static Expr parse(String query) {
        Parser p = new Parser(query);
        if (p.peek().type() == TokenType.EOF) {
            throw p.err(0, "no expression found in input");
        }
        Expr e = p.expr(0);
        Token t = p.peek();
        if (t.type() != TokenType.EOF) {
            throw p.unexpected(t, null);
        }
        return e;
    }

    /**
     * Parses a bare series selector as Prometheus's {@code ParseMetricSelector} does (used by
     * {@code match_target}): a metric name and/or braces, nothing else, and unlike a query
     * {@code {}} is accepted (it matches everything).
     */
    public static List<LabelMatcher> parseMetricSelector(String input) {
        Parser p = new Parser(input);
        p.allowEmptyMatchers = true;
        Token t = p.peek();
        String name = null;
        if (t.type() == TokenType.IDENTIFIER || t.type() == TokenType.METRIC_IDENTIFIER) {
            name = t.text();
            p.i++;
        } else if (t.type() == TokenType.EOF) {
            throw p.err(0, "unexpected end of input");
        } else if (t.type() != TokenType.LEFT_BRACE) {
            throw p.unexpected(t, null);
        }
        Expr e = p.at(TokenType.LEFT_BRACE) ? p.selector(name, t.pos()) : p.newSelector(name, new ArrayList<>(), t.pos(), t.end());
        Token rest = p.peek();
        if (rest.type() != TokenType.EOF) {
            throw p.unexpected(rest, null);
        }
        return ((Expr.VectorSelector) e).matchers();
    }

    /** Parses a series selector as used by {@code match[]} parameters. */
    public static Expr.VectorSelector parseSelector(String query) {
        Parser p = new Parser(query);
        Token first = p.peek();
        if (first.type() == TokenType.EOF) {
            throw p.err(0, "unexpected end of input");
        }
        if (first.type() != TokenType.IDENTIFIER && first.type() != TokenType.METRIC_IDENTIFIER
                && first.type() != TokenType.LEFT_BRACE) {
            throw p.unexpected(first, null);
        }
        Expr e = parse(query);
        if (e instanceof Expr.VectorSelector vs) {
            return vs;
        }
        throw new ParseException(query, 0, "expected type instant vector selector, got " + e.type().description());
    }

    // ---- token helpers ----

    private Token peek() {
        return tokens.get(i);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(i + ahead, tokens.size() - 1));
    }

    private Token next() {
        return tokens.get(i++);
    }

    private boolean at(TokenType t) {
        return peek().type() == t;
    }

    private Token expect(TokenType t, String context) {
        Token tok = peek();
        if (tok.type() != t) {
            throw unexpected(tok, context);
        }
        i++;
        return tok;
    }

    private ParseException err(int pos, String msg) {
        return new ParseException(query, pos, msg);
    }

    private ParseException unexpected(Token t, String context) {
        String msg = "unexpected " + t.describe();
        if (context != null) {
            msg += " " + context;
        }
        return err(t.pos(), msg);
    }

    // ---- expressions ----

    private Expr expr(int minPrec) {
        Expr lhs = unary();
        while (true) {
            Token t = peek();
            BinaryOp op = BinaryOp.of(t.type());
            if (op == null || op.precedence() < minPrec) {
                return lhs;
            }
            i++;
            boolean returnBool = false;
            if (at(TokenType.BOOL)) {
                i++;
                returnBool = true;
            }
            VectorMatching matching = null;
            if (at(TokenType.ON) || at(TokenType.IGNORING)) {
                boolean on = next().type() == TokenType.ON;
                List<String> labels = labelList("grouping");
                matching = new VectorMatching(Cardinality.ONE_TO_ONE, labels, on, List.of());
            }
            if (at(TokenType.GROUP_LEFT) || at(TokenType.GROUP_RIGHT)) {
                boolean left = next().type() == TokenType.GROUP_LEFT;
                List<String> include = at(TokenType.LEFT_PAREN) ? labelList("grouping") : List.of();
                if (matching == null) {
                    matching = new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
                }
                matching = new VectorMatching(left ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY,
                        matching.labels(), matching.on(), include);
            }
            Expr rhs = expr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
            lhs = binary(op, lhs, rhs, matching, returnBool, t);
        }
    }

    private Expr binary(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, Token opTok) {
        ValueType lt = lhs.type();
        ValueType rt = rhs.type();
        int start = lhs.start();
        int end = rhs.end();
        if (returnBool && !op.isComparison()) {
            throw err(opTok.pos(), "bool modifier can only be used on comparison operators");
        }
        if (op.isComparison() && !returnBool && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw err(opTok.pos(), "comparisons between scalars must use BOOL modifier");
        }
        if (op.isSetOperator() && (lt == ValueType.SCALAR || rt == ValueType.SCALAR)) {
            throw err(start, "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
        }
        if ((lt != ValueType.SCALAR && lt != ValueType.VECTOR) || (rt != ValueType.SCALAR && rt != ValueType.VECTOR)) {
            throw err(start, "binary expression must contain only scalar and instant vector types");
        }
        if (matching != null && (lt != ValueType.VECTOR || rt != ValueType.VECTOR)) {
            throw err(start, "vector matching only allowed between instant vectors");
        }
        if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
            if (matching == null) {
                matching = new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
            }
            if (op.isSetOperator()) {
                if (matching.card() == Cardinality.MANY_TO_ONE || matching.card() == Cardinality.ONE_TO_MANY) {
                    throw err(start, "no grouping allowed for \"" + op.symbol() + "\" operation");
                }
                matching = new VectorMatching(Cardinality.MANY_TO_MANY, matching.labels(), matching.on(), List.of());
            }
            if (matching.on()) {
                for (String l : matching.include()) {
                    if (matching.labels().contains(l)) {
                        throw err(opTok.pos(), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                    }
                }
            }
        } else {
            matching = null;
        }
        return new Expr.Binary(op, lhs, rhs, matching, returnBool, start, end);
    }

    private Expr unary() {
        Token t = peek();
        if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
            i++;
            Expr e = expr(BinaryOp.POW.precedence());
            boolean neg = t.type() == TokenType.SUB;
            if (e instanceof Expr.NumberLiteral n) {
                return new Expr.NumberLiteral(neg ? -n.value() : n.value(), t.pos(), n.end());
            }
            if (e.type() != ValueType.SCALAR && e.type() != ValueType.VECTOR) {
                throw err(t.pos(), "unary expression only allowed on expressions of type scalar or instant vector, got \""
                        + e.type().description() + "\"");
            }
            return new Expr.Unary(neg, e, t.pos(), e.end());
        }
        return postfix(primary());
    }

    private Expr primary() {
        Token t = peek();
        switch (t.type()) {
            case NUMBER -> {
                i++;
                return new Expr.NumberLiteral(parseNumber(t), t.pos(), t.end());
            }
            case DURATION -> {
                i++;
                return new Expr.NumberLiteral(duration(t) / 1000.0, t.pos(), t.end());
            }
            case STRING -> {
                i++;
                return new Expr.StringLiteral(unquote(t), t.pos(), t.end());
            }
            case LEFT_PAREN -> {
                i++;
                Expr inner = expr(0);
                Token close = expect(TokenType.RIGHT_PAREN, "in parenthesized expression");
                return new Expr.Paren(inner, t.pos(), close.end());
            }
            case LEFT_BRACE -> {
                return selector(null, t.pos());
            }
            case IDENTIFIER, METRIC_IDENTIFIER -> {
                AggregateOp agg = t.type() == TokenType.IDENTIFIER ? AggregateOp.byName(t.text()) : null;
                TokenType nt = peek(1).type();
                if (agg != null && (nt == TokenType.LEFT_PAREN || nt == TokenType.BY || nt == TokenType.WITHOUT)) {
                    return aggregate(agg);
                }
                if (nt == TokenType.LEFT_PAREN && t.type() == TokenType.IDENTIFIER) {
                    return call();
                }
                i++;
                if (at(TokenType.LEFT_BRACE)) {
                    return selector(t.text(), t.pos());
                }
                return newSelector(t.text(), new ArrayList<>(), t.pos(), t.end());
            }
            case EOF -> throw err(t.pos(), "unexpected end of input");
            case RIGHT_PAREN -> throw err(t.pos(), "unexpected right parenthesis ')'");
            default -> {
                if (t.type().isKeyword() || t.type() == TokenType.LAND || t.type() == TokenType.LOR
                        || t.type() == TokenType.LUNLESS || t.type() == TokenType.ATAN2) {
                    // Keywords are valid metric names when used as such, e.g. a metric named "on".
                    if (peek(1).type() == TokenType.LEFT_BRACE) {
                        i++;
                        return selector(t.text(), t.pos());
                    }
                }
                throw unexpected(t, null);
            }
        }
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.type() == TokenType.LEFT_BRACKET) {
                e = rangeOrSubquery(e);
            } else if (t.type() == TokenType.OFFSET) {
                e = offset(e);
            } else if (t.type() == TokenType.AT) {
                e = atModifier(e);
            } else {
                return e;
            }
        }
    }

    private Expr rangeOrSubquery(Expr e) {
        Token open = next();
        Token rt = peek();
        long range = durationOrNumber(rt, "in subquery or range selector");
        i++;
        if (at(TokenType.RIGHT_BRACKET)) {
            Token close = next();
            if (!(e instanceof Expr.VectorSelector vs)) {
                throw err(open.pos(), "ranges only allowed for vector selectors");
            }
            if (vs.offsetMs() != 0 || vs.atKind() != AtKind.NONE) {
                throw err(open.pos(), "no offset or @ modifiers allowed before range");
            }
            if (range <= 0) {
                throw err(rt.pos(), "duration must be greater than 0");
            }
            return new Expr.MatrixSelector(vs, range, vs.start(), close.end());
        }
        if (!at(TokenType.COLON)) {
            throw unexpected(peek(), "in subquery or range selector, expected \":\" or \"]\"");
        }
        i++;
        long step = 0;
        if (!at(TokenType.RIGHT_BRACKET)) {
            Token st = peek();
            step = durationOrNumber(st, "in subquery");
            i++;
            if (step <= 0) {
                throw err(st.pos(), "duration must be greater than 0");
            }
        }
        Token close = expect(TokenType.RIGHT_BRACKET, "in subquery");
        if (e.type() != ValueType.VECTOR) {
            throw err(e.start(), "subquery is only allowed on instant vector, got " + e.type().description()
                    + " in \"" + e.print() + "\" instead");
        }
        if (range <= 0) {
            throw err(rt.pos(), "duration must be greater than 0");
        }
        return new Expr.Subquery(e, range, step, 0, AtKind.NONE, 0, e.start(), close.end());
    }

    private Expr offset(Expr e) {
        Token kw = next();
        boolean neg = false;
        if (at(TokenType.SUB) || at(TokenType.ADD)) {
            neg = next().type() == TokenType.SUB;
        }
        Token d = peek();
        long off = durationOrNumber(d, "in offset, expected duration");
        i++;
        if (neg) {
            off = -off;
        }
        int end = d.end();
        return switch (e) {
            case Expr.VectorSelector vs -> {
                if (vs.offsetMs() != 0) {
                    throw err(e.start(), "offset may not be set multiple times");
                }
                yield vs.withModifiers(off, vs.atKind(), vs.atMs(), end);
            }
            case Expr.MatrixSelector ms -> {
                if (ms.selector().offsetMs() != 0) {
                    throw err(e.start(), "offset may not be set multiple times");
                }
                VectorSelector2 v = new VectorSelector2(ms.selector());
                yield new Expr.MatrixSelector(v.with(off, ms.selector().atKind(), ms.selector().atMs()),
                        ms.rangeMs(), ms.start(), end);
            }
            case Expr.Subquery sq -> {
                if (sq.offsetMs() != 0) {
                    throw err(e.start(), "offset may not be set multiple times");
                }
                yield new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), off, sq.atKind(), sq.atMs(), sq.start(), end);
            }
            default -> throw err(kw.pos(),
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    /** Small helper to rebuild a selector with new modifiers keeping its own end position. */
    private record VectorSelector2(Expr.VectorSelector vs) {
        Expr.VectorSelector with(long off, AtKind kind, long at) {
            return vs.withModifiers(off, kind, at, vs.end());
        }
    }

    private Expr atModifier(Expr e) {
        Token kw = next();
        AtKind kind;
        long atMs = 0;
        int end;
        Token t = peek();
        if (t.type() == TokenType.IDENTIFIER && (t.text().equals("start") || t.text().equals("end"))) {
            i++;
            expect(TokenType.LEFT_PAREN, "in @");
            end = expect(TokenType.RIGHT_PAREN, "in @").end();
            kind = t.text().equals("start") ? AtKind.START : AtKind.END;
        } else {
            boolean neg = false;
            if (at(TokenType.SUB) || at(TokenType.ADD)) {
                neg = next().type() == TokenType.SUB;
            }
            Token n = peek();
            double v;
            if (n.type() == TokenType.NUMBER) {
                v = parseNumber(n);
            } else if (n.type() == TokenType.DURATION) {
                v = duration(n) / 1000.0;
            } else {
                throw unexpected(n, "in @, expected timestamp");
            }
            i++;
            if (neg) {
                v = -v;
            }
            if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v * 1000) > 9.2e18) {
                throw err(n.pos(), "timestamp out of bounds for @ modifier: " + Printer.formatNumber(v));
            }
            atMs = Math.round(v * 1000.0);
            kind = AtKind.TIMESTAMP;
            end = n.end();
        }
        return switch (e) {
            case Expr.VectorSelector vs -> {
                if (vs.atKind() != AtKind.NONE) {
                    throw err(e.start(), "@ <timestamp> may not be set multiple times");
                }
                yield vs.withModifiers(vs.offsetMs(), kind, atMs, end);
            }
            case Expr.MatrixSelector ms -> {
                if (ms.selector().atKind() != AtKind.NONE) {
                    throw err(e.start(), "@ <timestamp> may not be set multiple times");
                }
                yield new Expr.MatrixSelector(ms.selector().withModifiers(ms.selector().offsetMs(), kind, atMs,
                        ms.selector().end()), ms.rangeMs(), ms.start(), end);
            }
            case Expr.Subquery sq -> {
                if (sq.atKind() != AtKind.NONE) {
                    throw err(e.start(), "@ <timestamp> may not be set multiple times");
                }
                yield new Expr.Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), sq.offsetMs(), kind, atMs, sq.start(), end);
            }
            default -> throw err(kw.pos(),
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    private Expr aggregate(AggregateOp op) {
        Token name = next();
        List<String> grouping = List.of();
        boolean without = false;
        boolean groupingGiven = false;
        if (at(TokenType.BY) || at(TokenType.WITHOUT)) {
            without = next().type() == TokenType.WITHOUT;
            grouping = labelList("grouping");
            groupingGiven = true;
        }
        if (!at(TokenType.LEFT_PAREN)) {
            throw unexpected(peek(), "in aggregation");
        }
        i++;
        List<Expr> args = new ArrayList<>();
        if (!at(TokenType.RIGHT_PAREN)) {
            while (true) {
                args.add(expr(0));
                if (at(TokenType.COMMA)) {
                    i++;
                    if (at(TokenType.RIGHT_PAREN)) {
                        break;
                    }
                    continue;
                }
                break;
            }
        }
        Token close = expect(TokenType.RIGHT_PAREN, "in aggregation");
        int end = close.end();
        if (!groupingGiven && (at(TokenType.BY) || at(TokenType.WITHOUT))) {
            without = next().type() == TokenType.WITHOUT;
            Token before = peek();
            grouping = labelList("grouping");
            end = tokens.get(i - 1).end();
            if (before == null) {
                throw new IllegalStateException();
            }
        }
        int want = op.hasParam() ? 2 : 1;
        if (args.size() != want) {
            if (args.isEmpty()) {
                throw err(close.pos(), "unexpected \")\" in aggregation");
            }
            throw err(name.pos(), "wrong number of arguments for aggregate expression provided, expected " + want
                    + ", got " + args.size());
        }
        Expr param = op.hasParam() ? args.get(0) : null;
        Expr inner = args.get(want - 1);
        if (inner.type() != ValueType.VECTOR) {
            throw err(inner.start(), "expected type instant vector in aggregation expression, got "
                    + inner.type().description());
        }
        if (param != null) {
            ValueType wantType = op == AggregateOp.COUNT_VALUES ? ValueType.STRING : ValueType.SCALAR;
            if (param.type() != wantType) {
                throw err(param.start(), "expected type " + wantType.description() + " in aggregation parameter, got "
                        + param.type().description());
            }
        }
        return new Expr.Aggregate(op, inner, param, grouping, without, name.pos(), end);
    }

    private List<String> labelList(String context) {
        expect(TokenType.LEFT_PAREN, "in " + context + " opts, expected \"(\"");
        List<String> out = new ArrayList<>();
        while (!at(TokenType.RIGHT_PAREN)) {
            Token t = next();
            String name;
            if (t.type() == TokenType.IDENTIFIER || t.type().isKeyword() || t.type() == TokenType.LAND
                    || t.type() == TokenType.LOR || t.type() == TokenType.LUNLESS || t.type() == TokenType.ATAN2) {
                name = t.text();
            } else if (t.type() == TokenType.STRING) {
                name = unquote(t);
            } else if (t.type() == TokenType.NUMBER && AggregateOp.byName(t.text()) == null
                    && (t.text().equalsIgnoreCase("inf") || t.text().equalsIgnoreCase("nan"))) {
                name = t.text();
            } else {
                throw unexpected(t, "in " + context + " opts, expected label");
            }
            out.add(name);
            if (at(TokenType.COMMA)) {
                i++;
            } else if (!at(TokenType.RIGHT_PAREN)) {
                throw unexpected(peek(), "in " + context + " opts, expected \")\" or \",\"");
            }
        }
        i++;
        return List.copyOf(out);
    }

    private Expr call() {
        Token name = next();
        Functions.Function f = Functions.get(name.text());
        if (f == null) {
            throw err(name.pos(), "unknown function with name \"" + name.text() + "\"");
        }
        i++; // (
        List<Expr> args = new ArrayList<>();
        if (!at(TokenType.RIGHT_PAREN)) {
            while (true) {
                args.add(expr(0));
                if (at(TokenType.COMMA)) {
                    i++;
                    continue;
                }
                break;
            }
        }
        Token close = expect(TokenType.RIGHT_PAREN, "in function call");
        int fixed = f.argTypes().size();
        int n = args.size();
        if (f.variadic() == 0) {
            if (n != fixed) {
                throw err(name.pos(), "expected " + fixed + " argument(s) in call to \"" + f.name() + "\", got " + n);
            }
        } else {
            int min = f.variadic() > 0 ? fixed - f.variadic() : fixed - 1;
            if (n < min) {
                throw err(name.pos(), "expected at least " + min + " argument(s) in call to \"" + f.name() + "\", got " + n);
            }
            if (f.variadic() > 0 && n > fixed) {
                throw err(name.pos(), "expected at most " + fixed + " argument(s) in call to \"" + f.name() + "\", got " + n);
            }
        }
        for (int k = 0; k < n; k++) {
            ValueType want = k < fixed ? f.argTypes().get(k) : f.argTypes().get(fixed - 1);
            Expr a = args.get(k);
            if (a.type() != want) {
                throw err(a.start(), "expected type " + want.description() + " in call to function \"" + f.name()
                        + "\", got " + a.type().description());
            }
        }
        return new Expr.Call(f, List.copyOf(args), name.pos(), close.end());
    }

    // ---- selectors ----

    private Expr selector(String name, int start) {
        expect(TokenType.LEFT_BRACE, null);
        List<LabelMatcher> matchers = new ArrayList<>();
        String metricName = name;
        while (!at(TokenType.RIGHT_BRACE)) {
            Token l = next();
            String label;
            if (l.type() == TokenType.STRING) {
                TokenType nt = peek().type();
                if (nt == TokenType.COMMA || nt == TokenType.RIGHT_BRACE) {
                    String n = unquote(l);
                    if (metricName != null) {
                        throw err(l.pos(), "metric name must not be set twice: \"" + metricName + "\" or \"" + n + "\"");
                    }
                    metricName = n;
                    if (at(TokenType.COMMA)) {
                        i++;
                    }
                    continue;
                }
                label = unquote(l);
            } else if (l.type() == TokenType.IDENTIFIER || l.type().isKeyword() || l.type() == TokenType.LAND
                    || l.type() == TokenType.LOR || l.type() == TokenType.LUNLESS || l.type() == TokenType.ATAN2) {
                label = l.text();
            } else if (l.type() == TokenType.EOF) {
                throw err(l.pos(), "unexpected end of input inside braces");
            } else {
                throw unexpected(l, "in label matching, expected identifier or \"}\"");
            }
            Token op = next();
            LabelMatcher.Type type = switch (op.type()) {
                case ASSIGN -> LabelMatcher.Type.EQ;
                case NEQ -> LabelMatcher.Type.NEQ;
                case EQL_REGEX -> LabelMatcher.Type.RE;
                case NEQ_REGEX -> LabelMatcher.Type.NRE;
                default -> throw unexpected(op, "in label matching, expected label matching operator");
            };
            Token v = next();
            if (v.type() != TokenType.STRING) {
                throw unexpected(v, "in label matching, expected string");
            }
            String value = unquote(v);
            try {
                matchers.add(LabelMatcher.of(type, label, value));
            } catch (SuiteException e) {
                throw err(l.pos(), regexError(value, e.getMessage()));
            }
            if (at(TokenType.COMMA)) {
                i++;
            } else if (!at(TokenType.RIGHT_BRACE)) {
                throw unexpected(peek(), "in label matching, expected \",\" or \"}\"");
            }
        }
        Token close = next();
        return newSelector(metricName, matchers, start, close.end());
    }

    private static String regexError(String value, String message) {
        int idx = message.indexOf("error=");
        String detail = idx >= 0 ? message.substring(idx + 6, message.length() - 1) : message;
        String anchored = "^(?:" + value + ")$";
        if (detail.startsWith("Unclosed group")) {
            return "error parsing regexp: missing closing ): `" + anchored + "`";
        }
        if (detail.startsWith("Unmatched closing")) {
            return "error parsing regexp: unexpected ): `" + anchored + "`";
        }
        if (detail.startsWith("Unclosed character class")) {
            return "error parsing regexp: missing closing ]: `" + value.substring(value.lastIndexOf('[')) + ")$`";
        }
        if (detail.startsWith("Dangling meta character")) {
            return "error parsing regexp: missing argument to repetition operator: `" + detail.substring(detail.length() - 2, detail.length() - 1) + "`";
        }
        return "error parsing regexp: " + detail + ": `" + anchored + "`";
    }

    private Expr.VectorSelector newSelector(String name, List<LabelMatcher> matchers, int start, int end) {
        if (name != null) {
            for (LabelMatcher m : matchers) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    throw err(start, "metric name must not be set twice: \"" + name + "\" or \"" + m.value() + "\"");
                }
            }
            matchers.add(0, LabelMatcher.eq(Labels.METRIC_NAME, name));
        }
        boolean anyNonEmpty = false;
        for (LabelMatcher m : matchers) {
            if (!m.matchesEmpty()) {
                anyNonEmpty = true;
                break;
            }
        }
        if (!anyNonEmpty && !allowEmptyMatchers) {
            throw err(start, "vector selector must contain at least one non-empty matcher");
        }
        return new Expr.VectorSelector(name, List.copyOf(matchers), 0, AtKind.NONE, 0, start, end);
    }

    // ---- literals ----

    private double parseNumber(Token t) {
        String s = t.text();
        Double v = GoFloat.parse(s.replace("_", ""));
        if (v == null) {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("0x")) {
                try {
                    return Long.parseUnsignedLong(s.substring(2), 16);
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
            try {
                return Double.parseDouble(s.replace("_", ""));
            } catch (NumberFormatException e) {
                throw err(t.pos(), "bad number or duration syntax: " + Printer.goQuote(s));
            }
        }
        return v;
    }

    private long duration(Token t) {
        try {
            return Durations.parse(t.text());
        } catch (SuiteException e) {
            throw err(t.pos(), "bad number or duration syntax: " + Printer.goQuote(t.text()));
        }
    }

    private long durationOrNumber(Token t, String context) {
        if (t.type() == TokenType.DURATION) {
            return duration(t);
        }
        if (t.type() == TokenType.NUMBER) {
            double secs = parseNumber(t);
            if (Double.isNaN(secs) || Double.isInfinite(secs)) {
                throw err(t.pos(), "bad number or duration syntax: " + Printer.goQuote(t.text()));
            }
            return Math.round(secs * 1000.0);
        }
        throw unexpected(t, context);
    }

    private String unquote(Token t) {
        try {
            return StringLiterals.unquote(t.text());
        } catch (IllegalArgumentException e) {
            throw err(t.pos(), e.getMessage());
        }
    }
}
