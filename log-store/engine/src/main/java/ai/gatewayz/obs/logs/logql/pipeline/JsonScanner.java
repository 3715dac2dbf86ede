package ai.gatewayz.obs.logs.logql.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the json and unpack parsers. {@link #flatten} walks an object without
 * building a tree, reusing one key buffer; {@link #parseTree} builds Maps and Lists for path
 * parameters and templates. One instance per pipeline, used by one thread.
 */
public final class JsonScanner {
    /** Receives flattened fields; keys are not yet sanitised. */
    public interface Sink {
        void field(CharSequence key, String value);
    }

    /** Thrown (without a stack) for malformed input. */
    static final class JsonError extends RuntimeException {
        JsonError(String message) {
            super(message, null, false, false);
        }
    }

    private String s;
    private int pos;
    private final StringBuilder key = new StringBuilder(64);
    private final StringBuilder str = new StringBuilder(64);

    /** Flattens the object on the line into {@code sink} ({@code a.b} becomes {@code a_b}, arrays skipped); returns an error text or null. */
    public String flatten(String line, Sink sink) {
        s = line;
        pos = 0;
        key.setLength(0);
        try {
            ws();
            if (pos >= s.length() || s.charAt(pos) != '{') {
                return "Value looks like object, but can't find opening '{' symbol";
            }
            object(sink);
            ws();
            if (pos < s.length()) {
                return "unexpected trailing data at offset " + pos;
            }
            return null;
        } catch (JsonError e) {
            return e.getMessage();
        }
    }

    private void object(Sink sink) {
        pos++; // {
        ws();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            ws();
            if (peek() != '"') {
                throw new JsonError("expected a string key at offset " + pos);
            }
            String k = string();
            ws();
            if (peek() != ':') {
                throw new JsonError("expected ':' at offset " + pos);
            }
            pos++;
            ws();
            int keyLen = key.length();
            if (keyLen > 0) {
                key.append('_');
            }
            key.append(k);
            char c = peek();
            if (c == '{') {
                object(sink);
            } else if (c == '[') {
                skipValue();
            } else if (c == '"') {
                sink.field(key, string());
            } else {
                String v = scalar();
                if (!v.equals("null")) {
                    sink.field(key, v);
                }
            }
            key.setLength(keyLen);
            ws();
            c = peek();
            pos++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new JsonError("Value looks like object, but can't find closing '}' symbol");
            }
        }
    }

    private char peek() {
        if (pos >= s.length()) {
            throw new JsonError("unexpected end of input");
        }
        return s.charAt(pos);
    }

    private void ws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private String string() {
        pos++;
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                String out = s.substring(start, pos);
                pos++;
                return out;
            }
            if (c == '\\') {
                break;
            }
            pos++;
        }
        str.setLength(0);
        str.append(s, start, pos);
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return str.toString();
            }
            if (c != '\\') {
                str.append(c);
                continue;
            }
            if (pos >= s.length()) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> str.append(e);
                case 'b' -> str.append('\b');
                case 'f' -> str.append('\f');
                case 'n' -> str.append('\n');
                case 'r' -> str.append('\r');
                case 't' -> str.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw new JsonError("invalid unicode escape");
                    }
                    try {
                        str.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new JsonError("invalid unicode escape");
                    }
                    pos += 4;
                }
                default -> throw new JsonError("invalid escape char after \\");
            }
        }
        throw new JsonError("unterminated string");
    }

    private String scalar() {
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            pos++;
        }
        String v = s.substring(start, pos);
        if (v.isEmpty()) {
            throw new JsonError("unexpected character at offset " + start);
        }
        if (!(v.equals("true") || v.equals("false") || v.equals("null") || isNumber(v))) {
            throw new JsonError("invalid value " + (v.length() > 20 ? v.substring(0, 20) : v));
        }
        return v;
    }

    private static boolean isNumber(String v) {
        char c = v.charAt(0);
        if (!(c == '-' || (c >= '0' && c <= '9'))) {
            return false;
        }
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void skipValue() {
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            pos++;
            ws();
            if (peek() == close) {
                pos++;
                return;
            }
            while (true) {
                ws();
                if (close == '}') {
                    if (peek() != '"') {
                        throw new JsonError("expected a string key at offset " + pos);
                    }
                    string();
                    ws();
                    if (peek() != ':') {
                        throw new JsonError("expected ':' at offset " + pos);
                    }
                    pos++;
                    ws();
                }
                skipValue();
                ws();
                char n = peek();
                pos++;
                if (n == close) {
                    return;
                }
                if (n != ',') {
                    throw new JsonError("unexpected character at offset " + (pos - 1));
                }
            }
        } else {
            scalar();
        }
    }

    // ------------------------------------------------------------------ trees

    /** Marker for JSON numbers and booleans kept as their text. */
    public record Raw(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** Parses any JSON value into Map / List / String / Raw / null; throws IllegalArgumentException when malformed. */
    public static Object parseTree(String text) {
        JsonScanner j = new JsonScanner();
        j.s = text;
        j.pos = 0;
        try {
            j.ws();
            Object v = j.tree();
            j.ws();
            if (j.pos < text.length()) {
                throw new JsonError("unexpected trailing data");
            }
            return v;
        } catch (JsonError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private Object tree() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{') {
            pos++;
            Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                ws();
                if (peek() != '"') {
                    throw new JsonError("expected a string key");
                }
                String k = string();
                ws();
                if (peek() != ':') {
                    throw new JsonError("expected ':'");
                }
                pos++;
                ws();
                m.putIfAbsent(k, tree());
                ws();
                char n = peek();
                pos++;
                if (n == '}') {
                    return m;
                }
                if (n != ',') {
                    throw new JsonError("Value looks like object, but can't find closing '}' symbol");
                }
            }
        }
        if (c == '[') {
            pos++;
            List<Object> l = new ArrayList<>();
            ws();
            if (peek() == ']') {
                pos++;
                return l;
            }
            while (true) {
                ws();
                l.add(tree());
                ws();
                char n = peek();
                pos++;
                if (n == ']') {
                    return l;
                }
                if (n != ',') {
                    throw new JsonError("unexpected character in array");
                }
            }
        }
        String v = scalar();
        return v.equals("null") ? null : new Raw(v);
    }

    /** Renders a tree value back to compact JSON. */
    public static String render(Object v) {
        StringBuilder sb = new StringBuilder();
        render(sb, v);
        return sb.toString();
    }

    private static void render(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String str) {
            ai.gatewayz.obs.common.JsonStrings.appendPlain(sb, str);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                ai.gatewayz.obs.common.JsonStrings.appendPlain(sb, String.valueOf(e.getKey()));
                sb.append(':');
                render(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) {
                    sb.append(',');
                }
                render(sb, l.get(k));
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }
}
