package ai.gatewayz.obs.logs.selector;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.SuiteException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a bare LogQL stream selector such as {@code {app="api", level=~"err|warn"}}: the label
 * text of a protobuf or v0 push and the {@code query}/{@code match[]} parameter of the metadata
 * endpoints. Values are Go strings (double-quoted with escapes, or backquoted raw). Full LogQL
 * (pipelines, aggregations) belongs to the LogQL parser. Stateless and thread-safe.
 */
public final class StreamSelectors {
    private StreamSelectors() {
    }

    /** The matchers of {@code text}, in order; {@code {}} gives an empty list. Throws BAD_DATA with the position. */
    public static List<LabelMatcher> parse(String text) {
        return new Cursor(text).selector();
    }

    /** True for Prometheus/Loki label names {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        List<LabelMatcher> selector() {
            skipSpace();
            expect('{');
            List<LabelMatcher> out = new ArrayList<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                end();
                return out;
            }
            while (true) {
                skipSpace();
                String name = name();
                skipSpace();
                LabelMatcher.Type type = operator();
                skipSpace();
                String value = string();
                out.add(LabelMatcher.of(type, name, value));
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                    continue;
                }
                if (c == '}') {
                    pos++;
                    end();
                    return out;
                }
                throw error("unexpected " + describe() + ", expected , or }");
            }
        }

        private void end() {
            skipSpace();
            if (pos < s.length()) {
                throw error("unexpected " + describe() + " after the selector");
            }
        }

        private String name() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '_' || Character.isLetterOrDigit(c) && c < 128) {
                    pos++;
                } else {
                    break;
                }
            }
            String n = s.substring(start, pos);
            if (!validName(n)) {
                pos = start;
                throw error("unexpected " + describe() + ", expected a label name");
            }
            return n;
        }

        private LabelMatcher.Type operator() {
            if (s.startsWith("=~", pos)) {
                pos += 2;
                return LabelMatcher.Type.RE;
            }
            if (s.startsWith("!~", pos)) {
                pos += 2;
                return LabelMatcher.Type.NRE;
            }
            if (s.startsWith("!=", pos)) {
                pos += 2;
                return LabelMatcher.Type.NEQ;
            }
            if (s.startsWith("=", pos)) {
                pos++;
                return LabelMatcher.Type.EQ;
            }
            throw error("unexpected " + describe() + ", expected a matcher operator");
        }

        private String string() {
            char q = peek();
            if (q == '`') {
                int close = s.indexOf('`', pos + 1);
                if (close < 0) {
                    throw error("unterminated raw string");
                }
                String v = s.substring(pos + 1, close);
                pos = close + 1;
                return v;
            }
            if (q != '"') {
                throw error("unexpected " + describe() + ", expected a quoted string");
            }
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    break;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case '\'' -> sb.append('\'');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case 'u', 'x' -> {
                        int len = e == 'u' ? 4 : 2;
                        if (pos + len > s.length()) {
                            throw error("invalid escape \\" + e);
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + len), 16));
                        } catch (NumberFormatException ex) {
                            throw error("invalid escape \\" + e);
                        }
                        pos += len;
                    }
                    default -> throw error("invalid escape \\" + e);
                }
            }
            throw error("unterminated string");
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("unexpected " + describe() + ", expected " + c);
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private String describe() {
            return pos < s.length() ? "'" + s.charAt(pos) + "'" : "end of input";
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private SuiteException error(String what) {
            return new SuiteException(ErrorKind.BAD_DATA, "parse error at line 1, col " + (pos + 1) + ": " + what);
        }
    }
}
