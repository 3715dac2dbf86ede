package ai.gatewayz.obs.gotemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A parsed Go {@code text/template} (the subset rule templates use): text, actions with pipelines,
 * variables, field chains, {@code if/else if/else}, {@code range} (with {@code else}, {@code break},
 * {@code continue}), {@code with}, {@code define}, {@code template}, {@code block}, comments and the
 * {@code {{-}} / {@code -}}} trim markers. Function names and variables are checked at parse time as
 * Go does. Immutable after parsing; {@link #execute} is thread-safe.
 */
public final class GoTemplate {
    private final String name;
    private final List<Node> root;
    private final Map<String, List<Node>> defines;

    private GoTemplate(String name, List<Node> root, Map<String, List<Node>> defines) {
        this.name = name;
        this.root = root;
        this.defines = defines;
    }

    /**
     * Parses {@code text}. {@code functionNames} are the non-builtin functions available;
     * {@code predeclared} are variables (like {@code $labels}) defined before the text.
     */
    public static GoTemplate parse(String name, String text, Set<String> functionNames, Set<String> predeclared) {
        Parser p = new Parser(name, text, functionNames, predeclared);
        List<Node> nodes = p.parseTop();
        return new GoTemplate(name, nodes, p.defines);
    }

    /** Runs the template with {@code dot} as {@code .} and {@code $}, predeclared variables and functions. */
    public String execute(Object dot, Map<String, Object> variables, Map<String, TemplateFunction> functions) {
        return execute(dot, variables, functions, n -> null);
    }

    /**
     * As {@link #execute(Object, Map, Map)}; {@code {{template "n"}}} of a name no text defines asks
     * {@code builtinTemplates} for its output (Alertmanager's default templates), null meaning none.
     */
    public String execute(Object dot, Map<String, Object> variables, Map<String, TemplateFunction> functions,
            Function<String, String> builtinTemplates) {
        StringBuilder out = new StringBuilder();
        Exec ex = new Exec(out, functions, builtinTemplates);
        Scope scope = new Scope(null);
        scope.vars.put("$", dot);
        variables.forEach(scope.vars::put);
        try {
            ex.run(root, dot, scope);
        } catch (ControlFlow cf) {
            throw error(cf.line, "break or continue outside range");
        }
        return out.toString();
    }

    /** This template with the {@code define}d templates of {@code others} added (its own win on a clash). */
    public GoTemplate withDefinitions(Collection<GoTemplate> others) {
        Map<String, List<Node>> all = new HashMap<>();
        for (GoTemplate o : others) {
            all.putAll(o.defines);
        }
        all.putAll(defines);
        return new GoTemplate(name, root, all);
    }

    /** Whether {@code {{define "n"}}} (or {@code block}) appears in this template or its added definitions. */
    public boolean defines(String n) {
        return defines.containsKey(n);
    }

    private TemplateException error(int line, String msg) {
        return new TemplateException("template: " + name + ":" + line + ": " + msg);
    }

    // ---------------------------------------------------------------- AST

    sealed interface Node permits Text, Action, If, Range, With, Call, Loop {
    }

    record Text(String text) implements Node {
    }

    record Action(int line, Pipe pipe) implements Node {
    }

    record If(int line, Pipe pipe, List<Node> then, List<Node> otherwise) implements Node {
    }

    record Range(int line, Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {
    }

    record With(int line, Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {
    }

    record Call(int line, String template, Pipe pipe) implements Node {
    }

    record Loop(int line, boolean isBreak) implements Node {
    }

    /** {@code decl} names declared ({@code $x :=}) or assigned ({@code $x =}) by the pipeline. */
    record Pipe(int line, List<String> decl, boolean assign, List<List<Operand>> commands) {
    }

    sealed interface Operand permits Lit, Field, Var, Func, Sub, Dot {
    }

    record Lit(Object value) implements Operand {
    }

    record Dot() implements Operand {
    }

    record Field(List<String> names) implements Operand {
    }

    record Var(String name, List<String> fields) implements Operand {
    }

    record Func(String name) implements Operand {
    }

    record Sub(Pipe pipe, List<String> fields) implements Operand {
    }

    // ---------------------------------------------------------------- lexer + parser

    private record Tok(char kind, String text, Object value, List<String> fields) {
        // kinds: s string/number/bool literal, f field chain, v variable, i identifier, . dot,
        // | pipe, ( ), ',' comma, ':' declare, '=' assign
    }

    private static final Set<String> BUILTINS = Set.of("and", "or", "not", "len", "index", "print", "printf",
            "println", "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "slice", "call");

    private static final class Parser {
        final String name;
        final String text;
        final Set<String> funcs;
        final Map<String, List<Node>> defines = new HashMap<>();
        int pos;
        int line = 1;
        final List<List<String>> scopes = new ArrayList<>();
        int rangeDepth;
        // current action
        List<Tok> toks;
        int tp;
        int actionLine;

        Parser(String name, String text, Set<String> funcs, Set<String> predeclared) {
            this.name = name;
            this.text = text;
            this.funcs = funcs;
            List<String> top = new ArrayList<>(predeclared);
            top.add("$");
            scopes.add(top);
        }

        TemplateException err(String msg) {
            return new TemplateException("template: " + name + ":" + actionLine + ": " + msg);
        }

        List<Node> parseTop() {
            List<Node> nodes = new ArrayList<>();
            String end = parseList(nodes, true);
            if (end != null) {
                throw err("unexpected {{" + end + "}}");
            }
            return nodes;
        }

        /** Parses nodes until {{end}}/{{else}} (returned as the keyword) or end of text (null). */
        String parseList(List<Node> nodes, boolean top) {
            while (true) {
                int open = text.indexOf("{{", pos);
                if (open < 0) {
                    addText(nodes, text.substring(pos));
                    pos = text.length();
                    return null;
                }
                int contentStart = open + 2;
                boolean trimLeft = false;
                if (text.startsWith("- ", contentStart) || text.startsWith("-\t", contentStart)
                        || text.startsWith("-\n", contentStart) || text.startsWith("-\r", contentStart)) {
                    trimLeft = true;
                    contentStart++;
                }
                String before = text.substring(pos, open);
                if (trimLeft) {
                    before = before.stripTrailing();
                }
                addText(nodes, before);
                line += count(text, pos, open);
                actionLine = line;
                int close = findClose(contentStart);
                if (close < 0) {
                    throw err("unclosed action");
                }
                boolean trimRight = close > contentStart && text.charAt(close - 1) == '-'
                        && close - 2 >= contentStart && Character.isWhitespace(text.charAt(close - 2));
                String content = text.substring(contentStart, trimRight ? close - 1 : close);
                line += count(text, open, close);
                pos = close + 2;
                if (trimRight) {
                    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                        if (text.charAt(pos) == '\n') {
                            line++;
                        }
                        pos++;
                    }
                }
                String trimmed = content.strip();
                if (trimmed.startsWith("/*")) {
                    if (!trimmed.endsWith("*/")) {
                        throw err("unclosed comment");
                    }
                    continue;
                }
                toks = lex(content);
                tp = 0;
                if (toks.isEmpty()) {
                    throw err("missing value for command");
                }
                Tok first = toks.get(0);
                if (first.kind == 'i') {
                    switch (first.text) {
                        case "end" -> {
                            expectEndOfAction(1);
                            return "end";
                        }
                        case "else" -> {
                            tp = 1;
                            return "else";
                        }
                        case "if", "with" -> {
                            tp = 1;
                            nodes.add(parseIfWith(first.text.equals("if")));
                            continue;
                        }
                        case "range" -> {
                            tp = 1;
                            nodes.add(parseRange());
                            continue;
                        }
                        case "define", "block" -> {
                            if (first.text.equals("define") && !top) {
                                throw err("unexpected \"define\" in command");
                            }
                            parseDefine(nodes, first.text.equals("block"));
                            continue;
                        }
                        case "template" -> {
                            tp = 1;
                            Tok n = next();
                            if (n == null || n.kind != 's' || !(n.value instanceof String)) {
                                throw err("unexpected token in template clause");
                            }
                            Pipe pipe = tp < toks.size() ? parsePipe(false) : null;
                            nodes.add(new Call(actionLine, (String) n.value, pipe));
                            continue;
                        }
                        case "break", "continue" -> {
                            if (rangeDepth == 0) {
                                throw err("{{" + first.text + "}} outside {{range}}");
                            }
                            expectEndOfAction(1);
                            nodes.add(new Loop(actionLine, first.text.equals("break")));
                            continue;
                        }
                        default -> {
                        }
                    }
                }
                tp = 0;
                nodes.add(new Action(actionLine, parsePipe(true)));
            }
        }

        private void expectEndOfAction(int at) {
            if (toks.size() > at) {
                throw err("unexpected " + describe(toks.get(at)) + " in end");
            }
        }

        private int findClose(int from) {
            int i = from;
            while (i < text.length() - 1) {
                char c = text.charAt(i);
                if (c == '"' || c == '`' || c == '\'') {
                    int j = i + 1;
                    while (j < text.length() && text.charAt(j) != c) {
                        if (c != '`' && text.charAt(j) == '\\') {
                            j++;
                        }
                        j++;
                    }
                    i = j + 1;
                    continue;
                }
                if (c == '}' && text.charAt(i + 1) == '}') {
                    return i;
                }
                i++;
            }
            return -1;
        }

        private static int count(String s, int from, int to) {
            int n = 0;
            for (int i = from; i < to && i < s.length(); i++) {
                if (s.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }

        private static void addText(List<Node> nodes, String t) {
            if (!t.isEmpty()) {
                nodes.add(new Text(t));
            }
        }

        private Node parseIfWith(boolean isIf) {
            int l = actionLine;
            scopes.add(new ArrayList<>());
            Pipe pipe = parsePipe(true);
            List<Node> then = new ArrayList<>();
            String end = parseList(then, false);
            List<Node> otherwise = null;
            if (end == null) {
                throw err("unexpected EOF");
            }
            if (end.equals("else")) {
                otherwise = new ArrayList<>();
                if (tp < toks.size() && toks.get(tp).kind == 'i'
                        && (toks.get(tp).text.equals("if") || toks.get(tp).text.equals("with"))) {
                    // else if / else with: nested, sharing our {{end}}
                    boolean nestedIf = toks.get(tp).text.equals("if");
                    tp++;
                    otherwise.add(parseIfWith(nestedIf));
                    scopes.removeLast();
                    return isIf ? new If(l, pipe, then, otherwise) : new With(l, pipe, then, otherwise);
                }
                expectEndOfAction(tp);
                String end2 = parseList(otherwise, false);
                if (!"end".equals(end2)) {
                    throw err("expected end; found " + (end2 == null ? "EOF" : end2));
                }
            }
            scopes.removeLast();
            return isIf ? new If(l, pipe, then, otherwise) : new With(l, pipe, then, otherwise);
        }

        private Node parseRange() {
            int l = actionLine;
            scopes.add(new ArrayList<>());
            Pipe pipe = parsePipe(true);
            List<Node> body = new ArrayList<>();
            rangeDepth++;
            String end = parseList(body, false);
            rangeDepth--;
            List<Node> otherwise = null;
            if (end == null) {
                throw err("unexpected EOF");
            }
            if (end.equals("else")) {
                expectEndOfAction(tp);
                otherwise = new ArrayList<>();
                String end2 = parseList(otherwise, false);
                if (!"end".equals(end2)) {
                    throw err("expected end; found " + (end2 == null ? "EOF" : end2));
                }
            }
            scopes.removeLast();
            return new Range(l, pipe, body, otherwise);
        }

        private void parseDefine(List<Node> nodes, boolean block) {
            tp = 1;
            Tok n = next();
            if (n == null || n.kind != 's' || !(n.value instanceof String)) {
                throw err("unexpected token in define clause");
            }
            Pipe pipe = null;
            if (block) {
                pipe = tp < toks.size() ? parsePipe(false) : null;
            } else {
                expectEndOfAction(2);
            }
            int l = actionLine;
            List<List<String>> saved = new ArrayList<>(scopes);
            scopes.clear();
            scopes.add(new ArrayList<>(List.of("$")));
            List<Node> body = new ArrayList<>();
            String end = parseList(body, false);
            scopes.clear();
            scopes.addAll(saved);
            if (!"end".equals(end)) {
                throw err("unexpected " + (end == null ? "EOF" : "{{" + end + "}}") + " in define clause");
            }
            defines.put((String) n.value, body);
            if (block) {
                nodes.add(new Call(l, (String) n.value, pipe));
            }
        }

        private Tok next() {
            return tp < toks.size() ? toks.get(tp++) : null;
        }

        private Tok peek() {
            return tp < toks.size() ? toks.get(tp) : null;
        }

        /** Pipeline to the end of the action (or to ')' when nested). */
        Pipe parsePipe(boolean allowDecl) {
            List<String> decl = new ArrayList<>();
            boolean assign = false;
            if (allowDecl && peek() != null && peek().kind == 'v' && peek().fields.isEmpty()) {
                int save = tp;
                List<String> names = new ArrayList<>();
                names.add(next().text);
                if (peek() != null && peek().kind == ',' && tp + 1 < toks.size() && toks.get(tp + 1).kind == 'v') {
                    tp++;
                    names.add(next().text);
                }
                Tok op = peek();
                if (op != null && (op.kind == ':' || op.kind == '=')) {
                    tp++;
                    assign = op.kind == '=';
                    decl = names;
                    if (assign) {
                        for (String v : names) {
                            requireVar(v);
                        }
                    }
                } else {
                    tp = save;
                }
            }
            List<List<Operand>> cmds = new ArrayList<>();
            while (true) {
                List<Operand> cmd = new ArrayList<>();
                while (peek() != null && peek().kind != '|' && peek().kind != ')') {
                    cmd.add(parseOperand());
                }
                if (cmd.isEmpty()) {
                    throw err("missing value for command");
                }
                cmds.add(cmd);
                if (peek() != null && peek().kind == '|') {
                    tp++;
                    continue;
                }
                break;
            }
            if (!assign) {
                scopes.getLast().addAll(decl);
            }
            return new Pipe(actionLine, decl, assign, cmds);
        }

        private void requireVar(String v) {
            for (List<String> s : scopes) {
                if (s.contains(v)) {
                    return;
                }
            }
            throw err("undefined variable \"" + v + "\"");
        }

        private Operand parseOperand() {
            Tok t = next();
            switch (t.kind) {
                case 's':
                    return new Lit(t.value);
                case '.':
                    return new Dot();
                case 'f':
                    return new Field(t.fields);
                case 'v':
                    requireVar(t.text);
                    return new Var(t.text, t.fields);
                case 'i':
                    if (t.text.equals("nil")) {
                        return new Lit(null);
                    }
                    if (!BUILTINS.contains(t.text) && !funcs.contains(t.text)) {
                        throw err("function \"" + t.text + "\" not defined");
                    }
                    return new Func(t.text);
                case '(':
                    Pipe p = parsePipe(false);
                    Tok close = next();
                    if (close == null || close.kind != ')') {
                        throw err("unclosed left paren");
                    }
                    List<String> fields = List.of();
                    if (peek() != null && peek().kind == 'f' && peek().text.equals("chain")) {
                        fields = next().fields;
                    }
                    return new Sub(p, fields);
                default:
                    throw err("unexpected " + describe(t) + " in operand");
            }
        }

        private static String describe(Tok t) {
            return "\"" + t.text + "\"";
        }

        List<Tok> lex(String s) {
            List<Tok> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (c == '"') {
                    StringBuilder sb = new StringBuilder();
                    int j = i + 1;
                    while (true) {
                        if (j >= s.length()) {
                            throw err("unterminated quoted string");
                        }
                        char d = s.charAt(j);
                        if (d == '"') {
                            break;
                        }
                        if (d == '\\' && j + 1 < s.length()) {
                            char e = s.charAt(++j);
                            switch (e) {
                                case 'n' -> sb.append('\n');
                                case 't' -> sb.append('\t');
                                case 'r' -> sb.append('\r');
                                case '\\' -> sb.append('\\');
                                case '"' -> sb.append('"');
                                case '\'' -> sb.append('\'');
                                case 'x' -> {
                                    sb.append((char) Integer.parseInt(s.substring(j + 1, j + 3), 16));
                                    j += 2;
                                }
                                case 'u' -> {
                                    sb.append((char) Integer.parseInt(s.substring(j + 1, j + 5), 16));
                                    j += 4;
                                }
                                default -> throw err("invalid syntax: unknown escape sequence \\" + e);
                            }
                            j++;
                            continue;
                        }
                        if (d == '\n') {
                            throw err("unterminated quoted string");
                        }
                        sb.append(d);
                        j++;
                    }
                    out.add(new Tok('s', s.substring(i, j + 1), sb.toString(), List.of()));
                    i = j + 1;
                    continue;
                }
                if (c == '`') {
                    int j = s.indexOf('`', i + 1);
                    if (j < 0) {
                        throw err("unterminated raw quoted string");
                    }
                    out.add(new Tok('s', s.substring(i, j + 1), s.substring(i + 1, j), List.of()));
                    i = j + 1;
                    continue;
                }
                if (c == '\'') {
                    int j = s.indexOf('\'', i + 1);
                    if (j < 0) {
                        throw err("unterminated character constant");
                    }
                    String inner = s.substring(i + 1, j);
                    out.add(new Tok('s', s.substring(i, j + 1), (long) inner.codePointAt(0), List.of()));
                    i = j + 1;
                    continue;
                }
                if (c == '|' || c == '(' || c == ')' || c == ',') {
                    out.add(new Tok(c, String.valueOf(c), null, List.of()));
                    i++;
                    if (c == ')' && i < s.length() && s.charAt(i) == '.' && i + 1 < s.length()
                            && isIdentStart(s.charAt(i + 1))) {
                        List<String> fields = new ArrayList<>();
                        i = readFields(s, i, fields);
                        out.add(new Tok('f', "chain", null, fields));
                    }
                    continue;
                }
                if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    out.add(new Tok(':', ":=", null, List.of()));
                    i += 2;
                    continue;
                }
                if (c == '=') {
                    out.add(new Tok('=', "=", null, List.of()));
                    i++;
                    continue;
                }
                if (c == '$') {
                    int j = i + 1;
                    while (j < s.length() && isIdentPart(s.charAt(j))) {
                        j++;
                    }
                    String var = s.substring(i, j);
                    List<String> fields = new ArrayList<>();
                    j = readFields(s, j, fields);
                    out.add(new Tok('v', var, null, fields));
                    i = j;
                    continue;
                }
                if (c == '.') {
                    if (i + 1 < s.length() && isIdentStart(s.charAt(i + 1))) {
                        List<String> fields = new ArrayList<>();
                        i = readFields(s, i, fields);
                        out.add(new Tok('f', "." + String.join(".", fields), null, fields));
                    } else if (i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                        i = lexNumber(s, i, out);
                    } else {
                        out.add(new Tok('.', ".", null, List.of()));
                        i++;
                    }
                    continue;
                }
                if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < s.length()
                        && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
                    i = lexNumber(s, i, out);
                    continue;
                }
                if (isIdentStart(c)) {
                    int j = i;
                    while (j < s.length() && isIdentPart(s.charAt(j))) {
                        j++;
                    }
                    String id = s.substring(i, j);
                    if (id.equals("true") || id.equals("false")) {
                        out.add(new Tok('s', id, Boolean.parseBoolean(id), List.of()));
                    } else {
                        out.add(new Tok('i', id, null, List.of()));
                    }
                    i = j;
                    continue;
                }
                throw err("unexpected \"" + c + "\" in command");
            }
            return out;
        }

        private int lexNumber(String s, int i, List<Tok> out) {
            int j = i;
            if (s.charAt(j) == '+' || s.charAt(j) == '-') {
                j++;
            }
            boolean isFloat = false;
            if (s.startsWith("0x", j) || s.startsWith("0X", j)) {
                j += 2;
                while (j < s.length() && Character.digit(s.charAt(j), 16) >= 0) {
                    j++;
                }
                String lit = s.substring(i, j);
                long v = Long.parseLong(lit.replace("0x", "").replace("0X", ""), 16);
                out.add(new Tok('s', lit, v, List.of()));
                return j;
            }
            while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_'
                    || s.charAt(j) == 'e' || s.charAt(j) == 'E'
                    || ((s.charAt(j) == '-' || s.charAt(j) == '+') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
                if (s.charAt(j) == '.' || s.charAt(j) == 'e' || s.charAt(j) == 'E') {
                    isFloat = true;
                }
                j++;
            }
            String lit = s.substring(i, j).replace("_", "");
            try {
                Object v = isFloat ? (Object) Double.parseDouble(lit) : (Object) Long.parseLong(lit);
                out.add(new Tok('s', lit, v, List.of()));
            } catch (NumberFormatException e) {
                throw err("bad number syntax: \"" + lit + "\"");
            }
            return j;
        }

        private static int readFields(String s, int j, List<String> fields) {
            while (j < s.length() && s.charAt(j) == '.' && j + 1 < s.length() && isIdentStart(s.charAt(j + 1))) {
                int k = j + 1;
                while (k < s.length() && isIdentPart(s.charAt(k))) {
                    k++;
                }
                fields.add(s.substring(j + 1, k));
                j = k;
            }
            return j;
        }

        private static boolean isIdentStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean isIdentPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }

    // ---------------------------------------------------------------- execution

    private static final class ControlFlow extends RuntimeException {
        final boolean isBreak;
        final int line;

        ControlFlow(boolean isBreak, int line) {
            super(null, null, false, false);
            this.isBreak = isBreak;
            this.line = line;
        }
    }

    private static final class Scope {
        final Scope parent;
        final Map<String, Object> vars = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object get(String n) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(n)) {
                    return s.vars.get(n);
                }
            }
            throw new TemplateException("undefined variable: " + n);
        }

        void set(String n, Object v) {
            for (Scope s = this; s != null; s = s.parent) {
                if (s.vars.containsKey(n)) {
                    s.vars.put(n, v);
                    return;
                }
            }
            vars.put(n, v);
        }
    }

    private final class Exec {
        final StringBuilder out;
        final Map<String, TemplateFunction> funcs;
        final Function<String, String> builtinTemplates;
        int depth;

        Exec(StringBuilder out, Map<String, TemplateFunction> funcs, Function<String, String> builtinTemplates) {
            this.out = out;
            this.funcs = funcs;
            this.builtinTemplates = builtinTemplates;
        }

        void run(List<Node> nodes, Object dot, Scope scope) {
            for (Node n : nodes) {
                switch (n) {
                    case Text t -> out.append(t.text());
                    case Action a -> {
                        Object v = pipe(a.pipe(), dot, scope);
                        if (a.pipe().decl().isEmpty()) {
                            print(v);
                        }
                    }
                    case If i -> {
                        Scope inner = new Scope(scope);
                        if (truth(pipe(i.pipe(), dot, inner))) {
                            run(i.then(), dot, inner);
                        } else if (i.otherwise() != null) {
                            run(i.otherwise(), dot, inner);
                        }
                    }
                    case With w -> {
                        Scope inner = new Scope(scope);
                        Object v = pipe(w.pipe(), dot, inner);
                        if (truth(v)) {
                            run(w.body(), v, inner);
                        } else if (w.otherwise() != null) {
                            run(w.otherwise(), dot, inner);
                        }
                    }
                    case Range r -> range(r, dot, scope);
                    case Call c -> {
                        List<Node> body = defines.get(c.template());
                        if (body == null) {
                            String builtin = builtinTemplates.apply(c.template());
                            if (builtin == null) {
                                throw error(c.line(), "no such template \"" + c.template() + "\"");
                            }
                            out.append(builtin);
                            continue;
                        }
                        if (++depth > 100) {
                            throw error(c.line(), "exceeded maximum template depth (100000)");
                        }
                        Object d = c.pipe() == null ? null : pipe(c.pipe(), dot, scope);
                        Scope s = new Scope(null);
                        s.vars.put("$", d);
                        run(body, d, s);
                        depth--;
                    }
                    case Loop l -> throw new ControlFlow(l.isBreak(), l.line());
                }
            }
        }

        void range(Range r, Object dot, Scope scope) {
            Scope inner = new Scope(scope);
            Pipe p = r.pipe();
            Pipe noDecl = new Pipe(p.line(), List.of(), false, p.commands());
            Object v = pipe(noDecl, dot, inner);
            List<Object[]> items = new ArrayList<>();
            if (v instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    items.add(new Object[] {(long) i, l.get(i)});
                }
            } else if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                    items.add(new Object[] {e.getKey(), e.getValue()});
                }
            } else if (v instanceof Long n) {
                for (long i = 0; i < n; i++) {
                    items.add(new Object[] {i, i});
                }
            } else if (v != null) {
                throw error(p.line(), "range can't iterate over " + GoFormat.sprint(v));
            }
            if (items.isEmpty()) {
                if (r.otherwise() != null) {
                    run(r.otherwise(), dot, inner);
                }
                return;
            }
            for (Object[] it : items) {
                Scope s = new Scope(inner);
                if (p.decl().size() == 1) {
                    s.vars.put(p.decl().get(0), it[1]);
                } else if (p.decl().size() == 2) {
                    s.vars.put(p.decl().get(0), it[0]);
                    s.vars.put(p.decl().get(1), it[1]);
                }
                try {
                    run(r.body(), it[1], s);
                } catch (ControlFlow cf) {
                    if (cf.isBreak) {
                        break;
                    }
                }
            }
        }

        Object pipe(Pipe p, Object dot, Scope scope) {
            Object v = null;
            boolean first = true;
            for (List<Operand> cmd : p.commands()) {
                v = command(p.line(), cmd, dot, scope, first ? NO_FINAL : v);
                first = false;
            }
            for (String d : p.decl()) {
                if (p.assign()) {
                    scope.set(d, v);
                } else {
                    scope.vars.put(d, v);
                }
            }
            return v;
        }

        Object command(int line, List<Operand> cmd, Object dot, Scope scope, Object fin) {
            Operand head = cmd.get(0);
            if (head instanceof Func f) {
                List<Object> args = new ArrayList<>();
                if (f.name().equals("and") || f.name().equals("or")) {
                    return andOr(line, f.name().equals("and"), cmd, dot, scope, fin);
                }
                for (int i = 1; i < cmd.size(); i++) {
                    args.add(operand(line, cmd.get(i), dot, scope));
                }
                if (fin != NO_FINAL) {
                    args.add(fin);
                }
                return call(line, f.name(), args);
            }
            if (cmd.size() > 1 || fin != NO_FINAL) {
                List<String> chain = head instanceof Field f ? f.names() : head instanceof Var v ? v.fields() : List.of();
                if (chain.isEmpty()) {
                    throw error(line, "can't give argument to non-function " + describe(head));
                }
                // a method with arguments: {{ .CommonLabels.Remove .GroupLabels.Names }}
                Object recv = head instanceof Field f ? fields(line, dot, f.names().subList(0, chain.size() - 1))
                        : fields(line, operand(line, new Var(((Var) head).name(), List.of()), dot, scope),
                                chain.subList(0, chain.size() - 1));
                List<Object> args = new ArrayList<>();
                for (int i = 1; i < cmd.size(); i++) {
                    args.add(operand(line, cmd.get(i), dot, scope));
                }
                if (fin != NO_FINAL) {
                    args.add(fin);
                }
                return field(line, recv, chain.getLast(), args);
            }
            return operand(line, head, dot, scope);
        }

        private Object andOr(int line, boolean and, List<Operand> cmd, Object dot, Scope scope, Object fin) {
            List<Object> lazy = new ArrayList<>();
            for (int i = 1; i < cmd.size(); i++) {
                lazy.add(cmd.get(i));
            }
            if (fin != NO_FINAL) {
                lazy.add(new Lit(fin));
            }
            if (lazy.isEmpty()) {
                throw error(line, "wrong number of args for " + (and ? "and" : "or") + ": want at least 1 got 0");
            }
            Object v = null;
            for (Object o : lazy) {
                v = operand(line, (Operand) o, dot, scope);
                if (truth(v) != and) {
                    return v;
                }
            }
            return v;
        }

        private String describe(Operand o) {
            return switch (o) {
                case Lit l -> GoFormat.sprint(l.value());
                case Field f -> "." + String.join(".", f.names());
                case Var v -> v.name();
                default -> o.toString();
            };
        }

        Object operand(int line, Operand o, Object dot, Scope scope) {
            return switch (o) {
                case Lit l -> l.value();
                case Dot d -> dot;
                case Field f -> fields(line, dot, f.names());
                case Var v -> {
                    Object base;
                    try {
                        base = scope.get(v.name());
                    } catch (TemplateException e) {
                        throw error(line, e.getMessage());
                    }
                    yield fields(line, base, v.fields());
                }
                case Func f -> command(line, List.of(f), dot, scope, NO_FINAL);
                case Sub s -> fields(line, pipe(s.pipe(), dot, new Scope(scope)), s.fields());
            };
        }

        Object fields(int line, Object base, List<String> names) {
            Object v = base;
            for (String n : names) {
                v = field(line, v, n, List.of());
            }
            return v;
        }

        /** {@code v.n}, or the method {@code n} of {@code v} called with {@code args}. */
        Object field(int line, Object v, String n, List<Object> args) {
            if (v instanceof TemplateValue tv) {
                Object r = tv.invoke(n, args);
                if (r != TemplateValue.NO_SUCH) {
                    return r;
                }
                if (!(v instanceof Map<?, ?>) || !args.isEmpty()) {
                    throw error(line, "can't evaluate field " + n + " in type " + tv.goTypeName());
                }
            }
            if (!args.isEmpty()) {
                throw error(line, "can't give argument to non-function ." + n);
            }
            if (v instanceof Map<?, ?> m) {
                // missingkey=zero, as Prometheus and Alertmanager configure their templates
                return m.containsKey(n) ? m.get(n) : "";
            }
            if (v == null) {
                throw error(line, "nil pointer evaluating interface {}." + n);
            }
            throw error(line, "can't evaluate field " + n + " in type " + GoFormat.typeName(v));
        }

        Object call(int line, String name, List<Object> args) {
            try {
                TemplateFunction f = funcs.get(name);
                if (f != null) {
                    return f.apply(args);
                }
                return Builtins.apply(name, args);
            } catch (TemplateException e) {
                throw error(line, "error calling " + name + ": " + e.getMessage());
            }
        }

        void print(Object v) {
            out.append(v == null ? "<no value>" : GoFormat.sprint(v));
        }
    }

    private static final Object NO_FINAL = new Object();

    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }
}
