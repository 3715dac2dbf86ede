package ai.gatewayz.obs.gotemplate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Go text/template's predefined functions (except {@code and}/{@code or}, which are lazy). */
final class Builtins {
    private Builtins() {
    }

    static Object apply(String name, List<Object> a) {
        return switch (name) {
            case "not" -> {
                arity(name, a, 1);
                yield !GoTemplate.truth(a.get(0));
            }
            case "len" -> {
                arity(name, a, 1);
                Object v = a.get(0);
                if (v instanceof String s) {
                    yield (long) s.getBytes(StandardCharsets.UTF_8).length;
                }
                if (v instanceof List<?> l) {
                    yield (long) l.size();
                }
                if (v instanceof Map<?, ?> m) {
                    yield (long) m.size();
                }
                throw new TemplateException("len of type " + GoFormat.typeName(v));
            }
            case "index" -> {
                if (a.isEmpty()) {
                    throw new TemplateException("wrong number of args for index: want at least 1 got 0");
                }
                Object v = a.get(0);
                for (int i = 1; i < a.size(); i++) {
                    Object k = a.get(i);
                    if (v instanceof Map<?, ?> m) {
                        v = m.containsKey(k) ? m.get(k) : "";
                    } else if (v instanceof List<?> l && k instanceof Number n) {
                        int idx = n.intValue();
                        if (idx < 0 || idx >= l.size()) {
                            throw new TemplateException("index out of range: " + idx);
                        }
                        v = l.get(idx);
                    } else {
                        throw new TemplateException("can't index item of type " + GoFormat.typeName(v));
                    }
                }
                yield v;
            }
            case "print" -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.size(); i++) {
                    // Go adds spaces between operands when neither is a string
                    if (i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String)) {
                        sb.append(' ');
                    }
                    sb.append(GoFormat.sprint(a.get(i)));
                }
                yield sb.toString();
            }
            case "println" -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    sb.append(GoFormat.sprint(a.get(i)));
                }
                yield sb.append('\n').toString();
            }
            case "printf" -> {
                if (a.isEmpty() || !(a.get(0) instanceof String f)) {
                    throw new TemplateException("wrong type for value; expected string");
                }
                yield GoFormat.sprintf(f, a.subList(1, a.size()));
            }
            case "eq" -> {
                if (a.size() < 2) {
                    throw new TemplateException("missing argument for comparison");
                }
                for (int i = 1; i < a.size(); i++) {
                    if (compare(a.get(0), a.get(i)) == 0) {
                        yield true;
                    }
                }
                yield false;
            }
            case "ne" -> {
                arity(name, a, 2);
                yield compare(a.get(0), a.get(1)) != 0;
            }
            case "lt" -> {
                arity(name, a, 2);
                yield compare(a.get(0), a.get(1)) < 0;
            }
            case "le" -> {
                arity(name, a, 2);
                yield compare(a.get(0), a.get(1)) <= 0;
            }
            case "gt" -> {
                arity(name, a, 2);
                yield compare(a.get(0), a.get(1)) > 0;
            }
            case "ge" -> {
                arity(name, a, 2);
                yield compare(a.get(0), a.get(1)) >= 0;
            }
            case "html" -> GoFormat.sprint(a.size() == 1 ? a.get(0) : apply("print", a)).replace("&", "&amp;")
                    .replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
            case "js" -> GoFormat.sprint(a.size() == 1 ? a.get(0) : apply("print", a)).replace("\\", "\\\\")
                    .replace("'", "\\'").replace("\"", "\\\"").replace("<", "\\u003C").replace(">", "\\u003E")
                    .replace("&", "\\u0026").replace("=", "\\u003D");
            // Go's url.QueryEscape keeps '~' and escapes '*', unlike URLEncoder
            case "urlquery" -> URLEncoder.encode(GoFormat.sprint(a.size() == 1 ? a.get(0) : apply("print", a)),
                    StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
            case "slice" -> {
                if (a.isEmpty()) {
                    throw new TemplateException("wrong number of args for slice");
                }
                Object v = a.get(0);
                int from = a.size() > 1 ? ((Number) a.get(1)).intValue() : 0;
                if (v instanceof String s) {
                    int to = a.size() > 2 ? ((Number) a.get(2)).intValue() : s.length();
                    yield s.substring(from, to);
                }
                if (v instanceof List<?> l) {
                    int to = a.size() > 2 ? ((Number) a.get(2)).intValue() : l.size();
                    yield List.copyOf(l.subList(from, to));
                }
                throw new TemplateException("can't slice item of type " + GoFormat.typeName(v));
            }
            case "call" -> throw new TemplateException("call of non-function");
            default -> throw new TemplateException("function \"" + name + "\" not defined");
        };
    }

    private static void arity(String name, List<Object> a, int n) {
        if (a.size() != n) {
            throw new TemplateException("wrong number of args for " + name + ": want " + n + " got " + a.size());
        }
    }

    private static int compare(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) {
            if ((x instanceof Double) != (y instanceof Double)) {
                throw new TemplateException("incompatible types for comparison");
            }
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (x instanceof String a && y instanceof String b) {
            return a.compareTo(b);
        }
        if (x instanceof Boolean a && y instanceof Boolean b) {
            return a.equals(b) ? 0 : 1;
        }
        if (x == null || y == null) {
            return Objects.equals(x, y) ? 0 : 1;
        }
        throw new TemplateException("incompatible types for comparison");
    }
}
