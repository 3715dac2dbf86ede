package ai.gatewayz.obs.alerts.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A subset of Go's text/template, enough for Alertmanager notification templates: text, output
 * pipelines with functions, {@code if/else if/else}, {@code range}, {@code with}, {@code define},
 * {@code template}, comments and trim markers. Fields resolve on Alertmanager's template data
 * ({@code .Status}, {@code .Alerts.Firing}, {@code .CommonLabels.SortedPairs}, ...). Anything
 * else fails {@link #parse} with a message; a parsed template is immutable and thread-safe.
 */
public final class GoTemplate {
    private final List<Node> nodes;
    private final Map<String, List<Node>> defines;

    private GoTemplate(List<Node> nodes, Map<String, List<Node>> defines) {
        this.nodes = nodes;
        this.defines = defines;
    }

    /** Thrown for template text outside the supported subset or malformed. */
    public static final class TemplateException extends RuntimeException {
        TemplateException(String m) {
            super(m);
        }
    }

    // ---------------------------------------------------------------- AST

    private sealed interface Node permits Text, Out, If, Range, With, Call, SetVar {
    }

    private record Text(String text) implements Node {
    }

    private record Out(Pipe pipe) implements Node {
    }

    private record If(Pipe cond, List<Node> then, List<Node> otherwise) implements Node {
    }

    private record Range(Pipe over, List<Node> body, List<Node> otherwise) implements Node {
    }

    private record With(Pipe value, List<Node> body, List<Node> otherwise) implements Node {
    }

    private record Call(String name, Pipe arg) implements Node {
    }

    /** {@code $x := pipeline} (declare) or {@code $x = pipeline} (assign); output nothing. */
    private record SetVar(String name, Pipe value) implements Node {
    }

    private record Pipe(List<List<Operand>> commands) {
    }

    private sealed interface Operand permits Field, Lit, Fn, Sub, Var {
    }

    /** {@code .A.B} (root=false) or {@code $.A.B} (root=true); empty path = dot itself. */
    private record Field(boolean root, List<String> path) implements Operand {
    }

    private record Var(String name, List<String> path) implements Operand {
    }

    private record Lit(Object value) implements Operand {
    }

    private record Fn(String name) implements Operand {
    }

    private record Sub(Pipe pipe, List<String> path) implements Operand {
    }

    // ---------------------------------------------------------------- parsing

    /** Parses template text; {@code define} blocks go into the returned template's definitions. */
    public static GoTemplate parse(String text) {
        Parser p = new Parser(text);
        List<Node> nodes = p.parseList(true);
        return new GoTemplate(nodes, p.defines);
    }

    /** Merges the definitions of several templates (e.g. the configured template files). */
    public GoTemplate withDefinitions(Collection<GoTemplate> others) {
        Map<String, List<Node>> all = new LinkedHashMap<>();
        for (GoTemplate o : others) {
            all.putAll(o.defines);
        }
        all.putAll(defines);
        return new GoTemplate(nodes, all);
    }

    public boolean defines(String name) {
        return defines.containsKey(name);
    }

    private static final Pattern VAR_SET = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)\\s*:?=\\s*(.+)", Pattern.DOTALL);

    private static final class Parser {
        private final String src;
        private int pos;
        private final Map<String, List<Node>> defines = new LinkedHashMap<>();
        private String pendingTrimLeft;
        private boolean trimNextText;
        private String lastKeyword;

        Parser(String src) {
            this.src = src;
        }

        /** Parses until {{end}}/{{else}} (returned via lastKeyword) or EOF when top. */
        List<Node> parseList(boolean top) {
            List<Node> out = new ArrayList<>();
            while (pos < src.length()) {
                int open = src.indexOf("{{", pos);
                String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
                boolean trimLeft = open >= 0 && src.startsWith("{{-", open) && open + 3 < src.length()
                        && Character.isWhitespace(src.charAt(open + 3));
                if (trimNextText) {
                    text = stripLeading(text);
                    trimNextText = false;
                }
                if (trimLeft) {
                    text = stripTrailing(text);
                }
                if (!text.isEmpty()) {
                    out.add(new Text(text));
                }
                if (open < 0) {
                    pos = src.length();
                    break;
                }
                int close = src.indexOf("}}", open);
                if (close < 0) {
                    throw new TemplateException("unclosed action at offset " + open);
                }
                boolean trimRight = close >= 1 && src.charAt(close - 1) == '-' && close >= 2 && Character.isWhitespace(src.charAt(close - 2));
                String action = src.substring(open + (trimLeft ? 3 : 2), trimRight ? close - 1 : close).trim();
                pos = close + 2;
                trimNextText = trimRight;
                if (action.startsWith("/*")) {
                    if (!action.endsWith("*/")) {
                        throw new TemplateException("unclosed comment");
                    }
                    continue;
                }
                String kw = keyword(action);
                switch (kw) {
                    case "end", "else" -> {
                        if (top) {
                            throw new TemplateException("unexpected {{" + kw + "}}");
                        }
                        lastKeyword = action;
                        return out;
                    }
                    case "if" -> out.add(parseIf(action.substring(2).trim()));
                    case "range" -> {
                        if (action.contains(":=")) {
                            throw new TemplateException("range variables are not supported: {{" + action + "}}");
                        }
                        Pipe over = new ExprParser(action.substring(5).trim()).pipeline();
                        List<Node> body = parseList(false);
                        List<Node> otherwise = List.of();
                        if (lastKeyword.startsWith("else")) {
                            otherwise = parseList(false);
                        }
                        expectEnd("range");
                        out.add(new Range(over, body, otherwise));
                    }
                    case "with" -> {
                        Pipe v = new ExprParser(action.substring(4).trim()).pipeline();
                        List<Node> body = parseList(false);
                        List<Node> otherwise = List.of();
                        if (lastKeyword.startsWith("else")) {
                            otherwise = parseList(false);
                        }
                        expectEnd("with");
                        out.add(new With(v, body, otherwise));
                    }
                    case "define" -> {
                        if (!top) {
                            throw new TemplateException("{{define}} must be at top level");
                        }
                        ExprParser ep = new ExprParser(action.substring(6).trim());
                        String name = ep.stringLiteral();
                        List<Node> body = parseList(false);
                        expectEnd("define");
                        defines.put(name, body);
                    }
                    case "template" -> {
                        ExprParser ep = new ExprParser(action.substring(8).trim());
                        String name = ep.stringLiteral();
                        Pipe arg = ep.atEnd() ? null : ep.pipeline();
                        out.add(new Call(name, arg));
                    }
                    case "block", "break", "continue" -> throw new TemplateException("{{" + kw + "}} is not supported");
                    default -> {
                        java.util.regex.Matcher vm = VAR_SET.matcher(action);
                        if (vm.matches()) {
                            out.add(new SetVar(vm.group(1), new ExprParser(vm.group(2)).pipeline()));
                        } else {
                            out.add(new Out(new ExprParser(action).pipeline()));
                        }
                    }
                }
            }
            if (!top) {
                throw new TemplateException("unexpected EOF: missing {{end}}");
            }
            return out;
        }

        private Node parseIf(String cond) {
            Pipe c = new ExprParser(cond).pipeline();
            List<Node> then = parseList(false);
            List<Node> otherwise = List.of();
            String kw = lastKeyword;
            if (kw.startsWith("else")) {
                String rest = kw.substring(4).trim();
                if (rest.startsWith("if ")) {
                    otherwise = List.of(parseIf(rest.substring(3).trim()));
                    return new If(c, then, otherwise); // the nested if consumed the shared {{end}}
                }
                otherwise = parseList(false);
            }
            expectEnd("if");
            return new If(c, then, otherwise);
        }

        private void expectEnd(String what) {
            if (!"end".equals(lastKeyword)) {
                throw new TemplateException("expected {{end}} for {{" + what + "}}, got {{" + lastKeyword + "}}");
            }
        }

        private static String keyword(String action) {
            int i = 0;
            while (i < action.length() && Character.isLetter(action.charAt(i))) {
                i++;
            }
            String w = action.substring(0, i);
            return switch (w) {
                case "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue" -> w;
                default -> "";
            };
        }

        private static String stripLeading(String s) {
            int i = 0;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return s.substring(i);
        }

        private static String stripTrailing(String s) {
            int i = s.length();
            while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
                i--;
            }
            return s.substring(0, i);
        }
    }

    private static final class ExprParser {
        private final String s;
        private int i;

        ExprParser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            ws();
            return i >= s.length();
        }

        String stringLiteral() {
            ws();
            Object o = literal();
            if (!(o instanceof String str)) {
                throw new TemplateException("expected a string literal in: " + s);
            }
            return str;
        }

        Pipe pipeline() {
            List<List<Operand>> cmds = new ArrayList<>();
            cmds.add(command());
            ws();
            while (i < s.length() && s.charAt(i) == '|') {
                i++;
                cmds.add(command());
                ws();
            }
            if (i < s.length() && s.charAt(i) != ')') {
                throw new TemplateException("unexpected \"" + s.substring(i) + "\" in action: " + s);
            }
            return new Pipe(cmds);
        }

        private List<Operand> command() {
            List<Operand> ops = new ArrayList<>();
            while (true) {
                ws();
                if (i >= s.length() || s.charAt(i) == '|' || s.charAt(i) == ')') {
                    break;
                }
                ops.add(operand());
            }
            if (ops.isEmpty()) {
                throw new TemplateException("missing value for command in: " + s);
            }
            return ops;
        }

        private Operand operand() {
            char c = s.charAt(i);
            if (c == '(') {
                i++;
                Pipe p = pipeline();
                if (i >= s.length() || s.charAt(i) != ')') {
                    throw new TemplateException("unclosed '(' in: " + s);
                }
                i++;
                return new Sub(p, path());
            }
            if (c == '.' || c == '$') {
                boolean root = c == '$';
                if (root) {
                    i++;
                    if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                        int st = i;
                        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                            i++;
                        }
                        return new Var(s.substring(st, i), path());
                    }
                }
                return new Field(root, path());
            }
            if (c == '"' || c == '`' || Character.isDigit(c) || c == '-') {
                return new Lit(literal());
            }
            if (Character.isLetter(c)) {
                int st = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                String w = s.substring(st, i);
                if (w.equals("true") || w.equals("false")) {
                    return new Lit(Boolean.parseBoolean(w));
                }
                if (w.equals("nil")) {
                    return new Lit(null);
                }
                if (!FUNCS.containsKey(w)) {
                    throw new TemplateException("function \"" + w + "\" not defined");
                }
                return new Fn(w);
            }
            throw new TemplateException("unexpected \"" + c + "\" in: " + s);
        }

        private List<String> path() {
            List<String> p = new ArrayList<>();
            while (i < s.length() && s.charAt(i) == '.') {
                i++;
                int st = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                if (i == st) {
                    if (p.isEmpty()) {
                        break; // bare dot
                    }
                    throw new TemplateException("bad field in: " + s);
                }
                p.add(s.substring(st, i));
            }
            return p;
        }

        private Object literal() {
            char c = s.charAt(i);
            if (c == '`') {
                int end = s.indexOf('`', i + 1);
                if (end < 0) {
                    throw new TemplateException("unterminated raw string in: " + s);
                }
                String v = s.substring(i + 1, end);
                i = end + 1;
                return v;
            }
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char ch = s.charAt(i);
                    if (ch == '\\' && i + 1 < s.length()) {
                        char n = s.charAt(++i);
                        sb.append(switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> n;
                        });
                    } else {
                        sb.append(ch);
                    }
                    i++;
                }
                if (i >= s.length()) {
                    throw new TemplateException("unterminated string in: " + s);
                }
                i++;
                return sb.toString();
            }
            int st = i;
            if (c == '-') {
                i++;
            }
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String num = s.substring(st, i);
            try {
                return num.contains(".") ? (Object) Double.parseDouble(num) : (Object) Long.parseLong(num);
            } catch (NumberFormatException e) {
                throw new TemplateException("bad number \"" + num + "\" in: " + s);
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }

    // ---------------------------------------------------------------- execution

    /** Executes with {@code data} as dot; {@code builtin} renders names this template does not define. */
    public String execute(Object data, Function<String, String> builtin) {
        StringBuilder sb = new StringBuilder();
        vars.set(new java.util.HashMap<>());
        try {
            run(nodes, data, data, sb, builtin, 0);
        } finally {
            vars.remove();
        }
        return sb.toString();
    }

    private static final ThreadLocal<Map<String, Object>> vars = new ThreadLocal<>();

    private void run(List<Node> list, Object dot, Object root, StringBuilder out, Function<String, String> builtin, int depth) {
        if (depth > 50) {
            throw new TemplateException("template recursion too deep");
        }
        for (Node n : list) {
            switch (n) {
                case Text t -> out.append(t.text());
                case SetVar v -> vars.get().put(v.name(), eval(v.value(), dot, root));
                case Out o -> out.append(print(eval(o.pipe(), dot, root)));
                case If f -> run(truth(eval(f.cond(), dot, root)) ? f.then() : f.otherwise(), dot, root, out, builtin, depth + 1);
                case With w -> {
                    Object v = eval(w.value(), dot, root);
                    if (truth(v)) {
                        run(w.body(), v, root, out, builtin, depth + 1);
                    } else {
                        run(w.otherwise(), dot, root, out, builtin, depth + 1);
                    }
                }
                case Range r -> {
                    Object v = eval(r.over(), dot, root);
                    List<?> items = iterable(v);
                    if (items.isEmpty()) {
                        run(r.otherwise(), dot, root, out, builtin, depth + 1);
                    }
                    for (Object item : items) {
                        run(r.body(), item, root, out, builtin, depth + 1);
                    }
                }
                case Call c -> {
                    Object arg = c.arg() == null ? null : eval(c.arg(), dot, root);
                    List<Node> body = defines.get(c.name());
                    if (body != null) {
                        run(body, arg, arg, out, builtin, depth + 1);
                    } else {
                        String b = builtin.apply(c.name());
                        if (b == null) {
                            throw new TemplateException("no such template \"" + c.name() + "\"");
                        }
                        out.append(b);
                    }
                }
            }
        }
    }

    private static List<?> iterable(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(new java.util.TreeMap<>(m).values());
        }
        throw new TemplateException("range can't iterate over " + v);
    }

    private Object eval(Pipe p, Object dot, Object root) {
        Object prev = null;
        boolean first = true;
        for (List<Operand> cmd : p.commands()) {
            prev = evalCommand(cmd, dot, root, first ? null : new Object[] {prev});
            first = false;
        }
        return prev;
    }

    private Object evalCommand(List<Operand> cmd, Object dot, Object root, Object[] piped) {
        Operand head = cmd.get(0);
        if (head instanceof Fn fn) {
            List<Object> args = new ArrayList<>();
            for (int k = 1; k < cmd.size(); k++) {
                args.add(value(cmd.get(k), dot, root));
            }
            if (piped != null) {
                args.add(piped[0]);
            }
            return FUNCS.get(fn.name()).apply(args);
        }
        if (head instanceof Field f && !f.path().isEmpty() && f.path().get(f.path().size() - 1).equals("Remove")) {
            Object recv = walk(f.root() ? root : dot, f.path().subList(0, f.path().size() - 1));
            Object names = cmd.size() > 1 ? value(cmd.get(1), dot, root) : piped != null ? piped[0] : List.of();
            if (!(recv instanceof KV kv) || !(names instanceof List<?> l)) {
                throw new TemplateException("Remove needs a label set and a list of names");
            }
            return kv.remove(l);
        }
        if (cmd.size() > 1 || piped != null) {
            throw new TemplateException("can't give arguments to a non-function value");
        }
        return value(head, dot, root);
    }

    private Object value(Operand o, Object dot, Object root) {
        return switch (o) {
            case Lit l -> l.value();
            case Field f -> walk(f.root() ? root : dot, f.path());
            case Sub s -> walk(eval(s.pipe(), dot, root), s.path());
            case Fn fn -> FUNCS.get(fn.name()).apply(List.of());
            case Var v -> {
                Map<String, Object> m = vars.get();
                if (m == null || !m.containsKey(v.name())) {
                    throw new TemplateException("undefined variable: $" + v.name());
                }
                yield walk(m.get(v.name()), v.path());
            }
        };
    }

    private static Object walk(Object v, List<String> path) {
        for (String name : path) {
            v = field(v, name);
        }
        return v;
    }

    private static Object field(Object v, String name) {
        if (v instanceof KV kv) {
            return switch (name) {
                case "SortedPairs" -> kv.sortedPairs();
                case "Names" -> kv.names();
                case "Values" -> kv.values();
                default -> kv.map().getOrDefault(name, "");
            };
        }
        if (v instanceof AlertList al) {
            return switch (name) {
                case "Firing" -> al.firing();
                case "Resolved" -> al.resolved();
                default -> throw new TemplateException("can't evaluate field " + name + " in type template.Alerts");
            };
        }
        if (v instanceof Map<?, ?> m) {
            if (!m.containsKey(name)) {
                throw new TemplateException("can't evaluate field " + name);
            }
            return m.get(name);
        }
        if (v instanceof Pair p) {
            return switch (name) {
                case "Name" -> p.name();
                case "Value" -> p.value();
                default -> throw new TemplateException("can't evaluate field " + name + " in type template.Pair");
            };
        }
        if (v instanceof List<?> l && (name.equals("Values") || name.equals("Names"))
                && l.stream().allMatch(x -> x instanceof Pair)) {
            List<String> out = new ArrayList<>();
            for (Object x : l) {
                out.add(name.equals("Values") ? ((Pair) x).value() : ((Pair) x).name());
            }
            return out;
        }
        if (v instanceof GoTime t && name.equals("Unix")) {
            return t.millis() / 1000;
        }
        throw new TemplateException("can't evaluate field " + name + " in " + (v == null ? "nil" : v.getClass().getSimpleName()));
    }

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
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof KV kv) {
            return !kv.map().isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static String print(Object v) {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) {
                    sb.append(' ');
                }
                sb.append(print(l.get(k)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof KV kv) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Pair p : kv.sortedPairs()) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(p.name()).append(':').append(p.value());
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }

    // ---------------------------------------------------------------- data model

    /** A label or annotation set with Alertmanager's KV methods. */
    public record KV(Map<String, String> map) {
        List<Pair> sortedPairs() {
            List<Pair> out = new ArrayList<>();
            new java.util.TreeMap<>(map).forEach((k, v) -> out.add(new Pair(k, v)));
            return out;
        }

        List<String> names() {
            return new ArrayList<>(new java.util.TreeMap<>(map).keySet());
        }

        List<String> values() {
            return new ArrayList<>(new java.util.TreeMap<>(map).values());
        }

        KV remove(List<?> names) {
            Map<String, String> m = new LinkedHashMap<>(map);
            names.forEach(n -> m.remove(String.valueOf(n)));
            return new KV(m);
        }
    }

    public record Pair(String name, String value) {
        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    /** A list of alerts with {@code .Firing} and {@code .Resolved}. */
    public static final class AlertList extends ArrayList<Map<String, Object>> {
        AlertList(List<Map<String, Object>> items) {
            super(items);
        }

        List<Map<String, Object>> firing() {
            return stream().filter(a -> "firing".equals(a.get("Status"))).toList();
        }

        List<Map<String, Object>> resolved() {
            return stream().filter(a -> "resolved".equals(a.get("Status"))).toList();
        }
    }

    /** A time printed the way Go prints time.Time: {@code 2006-01-02 15:04:05.999 +0000 UTC}. */
    public record GoTime(long millis) {
        private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

        @Override
        public String toString() {
            if (millis == 0) {
                return "0001-01-01 00:00:00 +0000 UTC";
            }
            String base = F.format(Instant.ofEpochMilli(millis));
            int ms = (int) Math.floorMod(millis, 1000L);
            String frac = ms == 0 ? "" : ("." + String.format("%03d", ms)).replaceAll("0+$", "");
            return base + frac + " +0000 UTC";
        }
    }

    /** Alertmanager's template data for a notification. */
    public static Map<String, Object> data(Notification n) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Receiver", n.receiver());
        d.put("Status", n.status());
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Notification.Item a : n.alerts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Status", a.status());
            m.put("Labels", new KV(a.labels().toMap()));
            m.put("Annotations", new KV(a.annotations()));
            m.put("StartsAt", new GoTime(a.startsAt()));
            m.put("EndsAt", new GoTime(a.endsAt()));
            m.put("GeneratorURL", a.generatorURL() == null ? "" : a.generatorURL());
            m.put("Fingerprint", a.fingerprint());
            alerts.add(m);
        }
        d.put("Alerts", new AlertList(alerts));
        d.put("GroupLabels", new KV(n.groupLabels().toMap()));
        d.put("CommonLabels", new KV(n.commonLabels().toMap()));
        d.put("CommonAnnotations", new KV(n.commonAnnotations()));
        d.put("ExternalURL", n.externalURL());
        return d;
    }

    // ---------------------------------------------------------------- functions

    private static final Map<String, Function<List<Object>, Object>> FUNCS = new LinkedHashMap<>();

    static {
        FUNCS.put("toUpper", a -> str(arg(a, 0, 1)).toUpperCase(Locale.ROOT));
        FUNCS.put("toLower", a -> str(arg(a, 0, 1)).toLowerCase(Locale.ROOT));
        FUNCS.put("title", a -> title(str(arg(a, 0, 1))));
        FUNCS.put("trimSpace", a -> str(arg(a, 0, 1)).strip());
        FUNCS.put("safeHtml", a -> str(arg(a, 0, 1)));
        FUNCS.put("html", a -> EmailTemplates.esc(str(arg(a, 0, 1))));
        FUNCS.put("urlquery", a -> java.net.URLEncoder.encode(str(arg(a, 0, 1)), java.nio.charset.StandardCharsets.UTF_8));
        FUNCS.put("join", a -> {
            List<?> l = (List<?>) arg(a, 1, 2);
            List<String> s = new ArrayList<>();
            l.forEach(x -> s.add(print(x)));
            return String.join(str(a.get(0)), s);
        });
        FUNCS.put("len", a -> {
            Object v = arg(a, 0, 1);
            if (v instanceof Collection<?> c) {
                return (long) c.size();
            }
            if (v instanceof KV kv) {
                return (long) kv.map().size();
            }
            if (v instanceof String s) {
                return (long) s.length();
            }
            if (v instanceof Map<?, ?> m) {
                return (long) m.size();
            }
            throw new TemplateException("len of " + v);
        });
        FUNCS.put("eq", a -> {
            for (int k = 1; k < a.size(); k++) {
                if (cmp(a.get(0), a.get(k)) == 0) {
                    return true;
                }
            }
            return false;
        });
        FUNCS.put("ne", a -> cmp(a.get(0), a.get(1)) != 0);
        FUNCS.put("lt", a -> cmp(a.get(0), a.get(1)) < 0);
        FUNCS.put("le", a -> cmp(a.get(0), a.get(1)) <= 0);
        FUNCS.put("gt", a -> cmp(a.get(0), a.get(1)) > 0);
        FUNCS.put("ge", a -> cmp(a.get(0), a.get(1)) >= 0);
        FUNCS.put("not", a -> !truth(arg(a, 0, 1)));
        FUNCS.put("and", a -> {
            Object last = null;
            for (Object x : a) {
                last = x;
                if (!truth(x)) {
                    return x;
                }
            }
            return last;
        });
        FUNCS.put("or", a -> {
            Object last = null;
            for (Object x : a) {
                last = x;
                if (truth(x)) {
                    return x;
                }
            }
            return last;
        });
        FUNCS.put("index", a -> {
            Object c = a.get(0);
            Object k = a.get(1);
            if (c instanceof KV kv) {
                return kv.map().getOrDefault(str(k), "");
            }
            if (c instanceof List<?> l) {
                return l.get(((Number) k).intValue());
            }
            if (c instanceof Map<?, ?> m) {
                return m.get(str(k));
            }
            throw new TemplateException("can't index " + c);
        });
        FUNCS.put("match", a -> Pattern.compile(str(a.get(0))).matcher(str(a.get(1))).find());
        FUNCS.put("reReplaceAll", a -> Pattern.compile(str(a.get(0))).matcher(str(a.get(2)))
                .replaceAll(str(a.get(1)).replaceAll("\\$\\{?(\\d+)}?", "\\$$1")));
        FUNCS.put("stringSlice", a -> {
            List<String> l = new ArrayList<>();
            a.forEach(x -> l.add(str(x)));
            return l;
        });
        FUNCS.put("printf", a -> {
            Object[] rest = a.subList(1, a.size()).stream().map(x -> x instanceof String || x instanceof Number ? x : print(x)).toArray();
            return String.format(Locale.ROOT, str(a.get(0)).replace("%v", "%s").replace("%q", "\"%s\""), rest);
        });
        FUNCS.put("print", a -> {
            StringBuilder sb = new StringBuilder();
            a.forEach(x -> sb.append(print(x)));
            return sb.toString();
        });
        FUNCS.put("Remove", a -> ((KV) a.get(0)).remove((List<?>) a.get(1)));
    }

    private static Object arg(List<Object> a, int idx, int expected) {
        if (a.size() != expected) {
            throw new TemplateException("wrong number of args: want " + expected + " got " + a.size());
        }
        return a.get(idx);
    }

    private static String str(Object o) {
        return o instanceof String s ? s : print(o);
    }

    @SuppressWarnings("unchecked")
    private static int cmp(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (x instanceof String a && y instanceof String b) {
            return a.compareTo(b);
        }
        if (x instanceof Boolean a && y instanceof Boolean b) {
            return a.equals(b) ? 0 : 1;
        }
        if (x == null || y == null) {
            return x == y ? 0 : 1;
        }
        throw new TemplateException("incompatible types for comparison: " + x + ", " + y);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c);
        }
        return sb.toString();
    }
}
