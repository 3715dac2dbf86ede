package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.traceql.Ast.Field;
import ai.gatewayz.obs.traces.traceql.Ast.Op;
import ai.gatewayz.obs.traces.traceql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent TraceQL parser with static type checks. Precedence between spansets:
 * structural operators bind tighter than {@code &&}, which binds tighter than {@code ||}; inside
 * braces: {@code || < && < comparisons < + - < * / % < ^ < unary}. Not thread-safe (one per parse).
 */
public final class Parser {
    private static final Map<String, Ast.Intrinsic> INTRINSICS = Map.ofEntries(
            i("name", "name", Type.STRING), i("span:name", "name", Type.STRING),
            i("status", "status", Type.STATUS), i("span:status", "status", Type.STATUS),
            i("statusMessage", "statusMessage", Type.STRING), i("span:statusMessage", "statusMessage", Type.STRING),
            i("duration", "duration", Type.DURATION), i("span:duration", "duration", Type.DURATION),
            i("kind", "kind", Type.KIND), i("span:kind", "kind", Type.KIND),
            i("childCount", "childCount", Type.INT), i("span:childCount", "childCount", Type.INT),
            i("parent", "parent", Type.STRING), i("span:id", "span:id", Type.STRING),
            i("span:parentID", "span:parentID", Type.STRING),
            i("rootName", "rootName", Type.STRING), i("trace:rootName", "rootName", Type.STRING),
            i("rootServiceName", "rootServiceName", Type.STRING), i("trace:rootService", "rootServiceName", Type.STRING),
            i("traceDuration", "traceDuration", Type.DURATION), i("trace:duration", "traceDuration", Type.DURATION),
            i("trace:id", "trace:id", Type.STRING),
            i("event:name", "event:name", Type.STRING), i("event:timeSinceStart", "event:timeSinceStart", Type.DURATION),
            i("link:traceID", "link:traceID", Type.STRING), i("link:spanID", "link:spanID", Type.STRING),
            i("instrumentation:name", "instrumentation:name", Type.STRING),
            i("instrumentation:version", "instrumentation:version", Type.STRING),
            i("nestedSetLeft", "nestedSetLeft", Type.INT), i("nestedSetRight", "nestedSetRight", Type.INT),
            i("nestedSetParent", "nestedSetParent", Type.INT));
    private static final Set<String> AGGREGATES = Set.of("count", "avg", "min", "max", "sum");
    private static final Set<String> METRICS = Set.of("rate", "count_over_time", "sum_over_time", "min_over_time",
            "max_over_time", "avg_over_time", "quantile_over_time", "histogram_over_time", "compare", "topk", "bottomk");

    private final List<Token> toks;
    private final String text;
    int pos;
    /** Set by {@link MetricsParser}: a search pipeline stops before {@code | <metrics function>}. */
    boolean metrics;

    Parser(String text) {
        this.text = text;
        this.toks = Lexer.lex(text);
    }

    private static Map.Entry<String, Ast.Intrinsic> i(String spelling, String name, Type t) {
        return Map.entry(spelling, new Ast.Intrinsic(name, t));
    }

    /** Parses and type-checks a TraceQL search query; throws a BAD_DATA SuiteException with Tempo-style text. */
    public static Ast.Query parse(String query) {
        Parser p = new Parser(query);
        Ast.Pipeline pipe = p.pipeline(true);
        if (p.peekIdent("with")) {
            p.hints();
        }
        p.expect(Kind.EOF);
        return new Ast.Query(pipe, query);
    }

    List<Token> toks() {
        return toks;
    }

    Token peek() {
        return toks.get(pos);
    }

    Token next() {
        return toks.get(pos++);
    }

    boolean at(Kind k) {
        return peek().kind() == k;
    }

    boolean peekIdent(String name) {
        return at(Kind.IDENT) && peek().text().equals(name);
    }

    Token expect(Kind k) {
        if (!at(k)) {
            throw unexpected();
        }
        return next();
    }

    SuiteException unexpected() {
        Token t = peek();
        return TraceqlErrors.syntax(t.col(), "unexpected " + (t.kind() == Kind.EOF ? "end of input" : t.kind() + " " + t.text()));
    }

    void hints() {
        next();
        expect(Kind.LPAREN);
        do {
            expect(Kind.IDENT);
            expect(Kind.EQ);
            Token v = next();
            if (v.kind() != Kind.IDENT && v.kind() != Kind.INT && v.kind() != Kind.FLOAT && v.kind() != Kind.STRING
                    && v.kind() != Kind.DURATION) {
                pos--;
                throw unexpected();
            }
        } while (at(Kind.COMMA) && next() != null);
        expect(Kind.RPAREN);
    }

    Ast.Pipeline pipeline(boolean first) {
        List<Ast.Stage> stages = new ArrayList<>();
        stages.add(stage(true));
        while (at(Kind.PIPE)) {
            if (metrics && MetricsParser.FUNCTIONS.contains(toks.get(pos + 1).text()) && toks.get(pos + 1).kind() == Kind.IDENT) {
                break;
            }
            next();
            stages.add(stage(false));
        }
        return new Ast.Pipeline(stages);
    }

    private Ast.Stage stage(boolean first) {
        if (at(Kind.IDENT)) {
            String n = peek().text();
            if (METRICS.contains(n)) {
                throw TraceqlErrors.unsupported("TraceQL metrics function " + n + "() is served by /api/metrics, not search");
            }
            if (!first && n.equals("by")) {
                next();
                return new Ast.By(fieldList());
            }
            if (!first && n.equals("select")) {
                next();
                return new Ast.Select(fieldList());
            }
            if (!first && n.equals("coalesce")) {
                next();
                expect(Kind.LPAREN);
                expect(Kind.RPAREN);
                return new Ast.Coalesce();
            }
        }
        if (at(Kind.LBRACE)) {
            return new Ast.SpansetStage(spansetOr());
        }
        if (at(Kind.LPAREN)) {
            int save = pos;
            try {
                return new Ast.SpansetStage(spansetOr());
            } catch (SuiteException spansetError) {
                int reached = pos;
                pos = save;
                try {
                    return scalarFilter();
                } catch (SuiteException scalarError) {
                    throw pos >= reached ? scalarError : spansetError;
                }
            }
        }
        return scalarFilter();
    }

    private List<Field> fieldList() {
        expect(Kind.LPAREN);
        List<Field> out = new ArrayList<>();
        out.add(field());
        while (at(Kind.COMMA)) {
            next();
            out.add(field());
        }
        expect(Kind.RPAREN);
        return out;
    }

    // ---- spanset expressions

    Ast.Spansets spansetOr() {
        Ast.Spansets l = spansetAnd();
        while (at(Kind.OR)) {
            next();
            l = new Ast.SpansetOp("||", l, spansetAnd());
        }
        return l;
    }

    private Ast.Spansets spansetAnd() {
        Ast.Spansets l = spansetStructural();
        while (at(Kind.AND)) {
            next();
            l = new Ast.SpansetOp("&&", l, spansetStructural());
        }
        return l;
    }

    private static final Set<Kind> STRUCTURAL = Set.of(Kind.GT, Kind.LT, Kind.DESC, Kind.ANCE, Kind.SIBL, Kind.NOT_CHILD,
            Kind.NOT_PARENT, Kind.NOT_DESC, Kind.NOT_ANCE, Kind.NRE, Kind.UNION_CHILD, Kind.UNION_PARENT, Kind.UNION_DESC,
            Kind.UNION_ANCE, Kind.UNION_SIBL);

    private Ast.Spansets spansetStructural() {
        Ast.Spansets l = spansetPrimary();
        while (STRUCTURAL.contains(peek().kind())) {
            String op = next().text();
            l = new Ast.SpansetOp(op, l, spansetPrimary());
        }
        return l;
    }

    private Ast.Spansets spansetPrimary() {
        if (at(Kind.LBRACE)) {
            next();
            if (at(Kind.RBRACE)) {
                next();
                return new Ast.Filter(new Ast.Lit(Value.TRUE));
            }
            Field f = field();
            if (f.type() != Type.BOOL && f.type() != Type.ATTRIBUTE) {
                throw TraceqlErrors.type("spanset filter must evaluate to a boolean [type=" + name(f.type()) + "]");
            }
            expect(Kind.RBRACE);
            return new Ast.Filter(f);
        }
        if (at(Kind.LPAREN)) {
            next();
            Ast.Pipeline p = pipeline(true);
            if (!(p.stages().getFirst() instanceof Ast.SpansetStage)) {
                throw TraceqlErrors.syntax(peek().col(), "unexpected " + peek() + ", expecting a spanset");
            }
            expect(Kind.RPAREN);
            return p.stages().size() == 1 ? ((Ast.SpansetStage) p.stages().getFirst()).spansets() : new Ast.Grouped(p);
        }
        throw unexpected();
    }

    // ---- scalar filters (aggregates)

    private Ast.Stage scalarFilter() {
        int start = pos;
        Ast.Scalar l = scalarAdd();
        Op op = switch (peek().kind()) {
            case EQ -> Op.EQ;
            case NEQ -> Op.NEQ;
            case GT -> Op.GT;
            case GTE -> Op.GTE;
            case LT -> Op.LT;
            case LTE -> Op.LTE;
            default -> throw unexpected();
        };
        next();
        Ast.Scalar r = scalarAdd();
        if (!hasAggregate(l) && !hasAggregate(r)) {
            throw TraceqlErrors.type("a scalar filter needs an aggregate such as count() [col=" + toks.get(start).col() + "]");
        }
        return new Ast.ScalarFilter(l, op, r);
    }

    private static boolean hasAggregate(Ast.Scalar s) {
        return switch (s) {
            case Ast.Aggregate a -> true;
            case Ast.ScalarLit l -> false;
            case Ast.ScalarBinary b -> hasAggregate(b.left()) || hasAggregate(b.right());
            case Ast.ScalarNeg n -> hasAggregate(n.expr());
        };
    }

    private Ast.Scalar scalarAdd() {
        Ast.Scalar l = scalarMul();
        while (at(Kind.PLUS) || at(Kind.MINUS)) {
            Op op = next().kind() == Kind.PLUS ? Op.ADD : Op.SUB;
            l = new Ast.ScalarBinary(op, l, scalarMul());
        }
        return l;
    }

    private Ast.Scalar scalarMul() {
        Ast.Scalar l = scalarPow();
        while (at(Kind.MUL) || at(Kind.DIV) || at(Kind.MOD)) {
            Kind k = next().kind();
            l = new Ast.ScalarBinary(k == Kind.MUL ? Op.MUL : k == Kind.DIV ? Op.DIV : Op.MOD, l, scalarPow());
        }
        return l;
    }

    private Ast.Scalar scalarPow() {
        Ast.Scalar l = scalarUnary();
        if (at(Kind.POW)) {
            next();
            return new Ast.ScalarBinary(Op.POW, l, scalarPow());
        }
        return l;
    }

    private Ast.Scalar scalarUnary() {
        if (at(Kind.MINUS)) {
            next();
            return new Ast.ScalarNeg(scalarUnary());
        }
        Token t = peek();
        switch (t.kind()) {
            case INT, FLOAT, DURATION -> {
                next();
                return new Ast.ScalarLit(literal(t));
            }
            case LPAREN -> {
                next();
                Ast.Scalar s = scalarAdd();
                expect(Kind.RPAREN);
                return s;
            }
            case IDENT -> {
                if (!AGGREGATES.contains(t.text())) {
                    throw unexpected();
                }
                next();
                expect(Kind.LPAREN);
                Field arg = null;
                if (t.text().equals("count")) {
                    expect(Kind.RPAREN);
                } else {
                    arg = field();
                    if (!arg.type().numeric() && arg.type() != Type.ATTRIBUTE) {
                        throw TraceqlErrors.type(t.text() + "() needs a numeric argument [type=" + name(arg.type()) + "]");
                    }
                    expect(Kind.RPAREN);
                }
                return new Ast.Aggregate(t.text(), arg);
            }
            default -> throw unexpected();
        }
    }

    // ---- span fields

    Field field() {
        return or();
    }

    private Field or() {
        Field l = and();
        while (at(Kind.OR)) {
            next();
            l = logical(Op.OR, l, and());
        }
        return l;
    }

    private Field and() {
        Field l = comparison();
        while (at(Kind.AND)) {
            next();
            l = logical(Op.AND, l, comparison());
        }
        return l;
    }

    private Field logical(Op op, Field l, Field r) {
        if (!boolish(l.type()) || !boolish(r.type())) {
            throw TraceqlErrors.type("binary operation " + sym(op) + " needs booleans [left=" + name(l.type()) + ", right="
                    + name(r.type()) + "]");
        }
        return new Ast.Binary(op, l, r, Type.BOOL, null);
    }

    private static boolean boolish(Type t) {
        return t == Type.BOOL || t == Type.ATTRIBUTE;
    }

    private Field comparison() {
        Field l = additive();
        Op op = switch (peek().kind()) {
            case EQ -> Op.EQ;
            case NEQ -> Op.NEQ;
            case GT -> Op.GT;
            case GTE -> Op.GTE;
            case LT -> Op.LT;
            case LTE -> Op.LTE;
            case RE -> Op.RE;
            case NRE -> Op.NRE;
            default -> null;
        };
        if (op == null) {
            return l;
        }
        next();
        Field r = additive();
        Type a = l.type();
        Type b = r.type();
        Pattern re = null;
        switch (op) {
            case EQ, NEQ -> {
                boolean ok = a == Type.ATTRIBUTE || b == Type.ATTRIBUTE || a == Type.NIL || b == Type.NIL
                        || (a.numeric() && b.numeric()) || a == b;
                if (!ok || (a == Type.NIL && b == Type.NIL)) {
                    throw mismatch(op, a, b);
                }
            }
            case RE, NRE -> {
                if ((a != Type.STRING && a != Type.ATTRIBUTE) || !(r instanceof Ast.Lit lit) || lit.type() != Type.STRING) {
                    throw mismatch(op, a, b);
                }
                try {
                    re = Pattern.compile(lit.value().s(), Pattern.DOTALL);
                } catch (PatternSyntaxException e) {
                    throw TraceqlErrors.type("error parsing regexp: " + e.getDescription() + " [regexp=" + lit.value().s() + "]");
                }
            }
            default -> {
                boolean ok = a != Type.NIL && b != Type.NIL && (a == Type.ATTRIBUTE || b == Type.ATTRIBUTE
                        ? orderable(a) && orderable(b) : (a.numeric() && b.numeric()) || (a == Type.STRING && b == Type.STRING));
                if (!ok) {
                    throw mismatch(op, a, b);
                }
            }
        }
        return new Ast.Binary(op, l, r, Type.BOOL, re);
    }

    private static boolean orderable(Type t) {
        return t == Type.ATTRIBUTE || t.numeric() || t == Type.STRING;
    }

    private static SuiteException mismatch(Op op, Type a, Type b) {
        return TraceqlErrors.type("illegal operation for the given types [op=" + sym(op) + ", left=" + name(a) + ", right=" + name(b) + "]");
    }

    private Field additive() {
        Field l = multiplicative();
        while (at(Kind.PLUS) || at(Kind.MINUS)) {
            Op op = next().kind() == Kind.PLUS ? Op.ADD : Op.SUB;
            l = arithmetic(op, l, multiplicative());
        }
        return l;
    }

    private Field multiplicative() {
        Field l = power();
        while (at(Kind.MUL) || at(Kind.DIV) || at(Kind.MOD)) {
            Kind k = next().kind();
            l = arithmetic(k == Kind.MUL ? Op.MUL : k == Kind.DIV ? Op.DIV : Op.MOD, l, power());
        }
        return l;
    }

    private Field power() {
        Field l = unary();
        if (at(Kind.POW)) {
            next();
            return arithmetic(Op.POW, l, power());
        }
        return l;
    }

    private Field arithmetic(Op op, Field l, Field r) {
        Type a = l.type();
        Type b = r.type();
        boolean okA = a.numeric() || a == Type.ATTRIBUTE;
        boolean okB = b.numeric() || b == Type.ATTRIBUTE;
        if (!okA || !okB) {
            throw mismatch(op, a, b);
        }
        Type t = a == Type.ATTRIBUTE || b == Type.ATTRIBUTE ? Type.ATTRIBUTE
                : a == Type.FLOAT || b == Type.FLOAT ? Type.FLOAT : a == Type.DURATION || b == Type.DURATION ? Type.DURATION : Type.INT;
        return new Ast.Binary(op, l, r, t, null);
    }

    private Field unary() {
        if (at(Kind.MINUS)) {
            next();
            Field e = unary();
            if (!e.type().numeric() && e.type() != Type.ATTRIBUTE) {
                throw TraceqlErrors.type("unary - needs a number [type=" + name(e.type()) + "]");
            }
            return new Ast.Unary(Op.NEG, e, e.type());
        }
        if (at(Kind.NOT)) {
            next();
            Field e = unary();
            if (!boolish(e.type())) {
                throw TraceqlErrors.type("unary ! needs a boolean [type=" + name(e.type()) + "]");
            }
            return new Ast.Unary(Op.NOT, e, Type.BOOL);
        }
        return primary();
    }

    private Field primary() {
        Token t = peek();
        switch (t.kind()) {
            case LPAREN -> {
                next();
                Field f = field();
                expect(Kind.RPAREN);
                return f;
            }
            case STRING, INT, FLOAT, DURATION -> {
                next();
                return new Ast.Lit(literal(t));
            }
            case ATTRIBUTE -> {
                next();
                return attribute(t);
            }
            case IDENT -> {
                next();
                String n = t.text();
                switch (n) {
                    case "true" -> {
                        return new Ast.Lit(Value.TRUE);
                    }
                    case "false" -> {
                        return new Ast.Lit(Value.FALSE);
                    }
                    case "nil" -> {
                        return new Ast.Lit(Value.NIL);
                    }
                    case "minInt" -> {
                        return new Ast.Lit(Value.integer(Long.MIN_VALUE));
                    }
                    case "maxInt" -> {
                        return new Ast.Lit(Value.integer(Long.MAX_VALUE));
                    }
                    default -> {
                    }
                }
                if (Literals.STATUS.containsKey(n)) {
                    return new Ast.Lit(Value.status(Literals.STATUS.get(n)));
                }
                if (Literals.KIND.containsKey(n)) {
                    return new Ast.Lit(Value.kind(Literals.KIND.get(n)));
                }
                Ast.Intrinsic in = INTRINSICS.get(n);
                if (in != null) {
                    return in;
                }
                pos--;
                throw TraceqlErrors.syntax(t.col(), "unexpected IDENTIFIER " + n);
            }
            default -> throw unexpected();
        }
    }

    static Value literal(Token t) {
        return switch (t.kind()) {
            case STRING -> Value.string(t.text());
            case INT -> {
                try {
                    yield Value.integer(Long.parseLong(t.text()));
                } catch (NumberFormatException e) {
                    yield Value.dbl(Double.parseDouble(t.text()));
                }
            }
            case FLOAT -> Value.dbl(Double.parseDouble(t.text()));
            default -> Value.duration(Literals.durationNanos(t.text()));
        };
    }

    private static Field attribute(Token t) {
        String raw = t.text();
        boolean parent = raw.startsWith("parent.");
        if (parent) {
            raw = raw.substring(7);
        }
        String scope = "";
        for (String sc : new String[] {"span", "resource", "event", "link", "instrumentation"}) {
            if (raw.startsWith(sc + ".")) {
                scope = sc;
                raw = raw.substring(sc.length() + 1);
                break;
            }
        }
        if (scope.isEmpty()) {
            raw = raw.substring(1); // the leading '.'
        }
        String name = raw.replace("\u0000", "");
        return new Ast.AttrRef(scope, name, parent);
    }

    static String sym(Op op) {
        return switch (op) {
            case AND -> "&&";
            case OR -> "||";
            case EQ -> "=";
            case NEQ -> "!=";
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            case RE -> "=~";
            case NRE -> "!~";
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
            case MOD -> "%";
            case POW -> "^";
            case NEG -> "-";
            case NOT -> "!";
        };
    }

    static String name(Type t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
