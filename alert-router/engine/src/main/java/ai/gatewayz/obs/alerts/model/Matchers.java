package ai.gatewayz.obs.alerts.model;

import ai.gatewayz.obs.alerts.AlertErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import java.util.ArrayList;
import java.util.List;

/**
 * Alertmanager's matcher syntax: {@code name op value} with op {@code = != =~ !~}, the value
 * optionally double-quoted with {@code \" \\ \n} escapes, several matchers separated by commas and
 * optionally enclosed in braces (one trailing comma allowed). Regexes are fully anchored. Thread-safe.
 */
public final class Matchers {
    private Matchers() {
    }

    /** Parses one string that may hold a brace expression or a comma-separated list of matchers. */
    public static List<LabelMatcher> parse(String text) {
        String s = text.trim();
        if (s.startsWith("{")) {
            if (!s.endsWith("}")) {
                throw AlertErrors.badMatcher(text, "missing closing '}'");
            }
            s = s.substring(1, s.length() - 1);
        } else if (s.endsWith("}")) {
            throw AlertErrors.badMatcher(text, "missing opening '{'");
        }
        List<LabelMatcher> out = new ArrayList<>();
        int[] pos = {0};
        skipWs(s, pos);
        if (pos[0] >= s.length()) {
            if (text.trim().startsWith("{")) {
                return out;
            }
            throw AlertErrors.badMatcher(text, "empty matcher");
        }
        while (pos[0] < s.length()) {
            out.add(parseOne(text, s, pos));
            skipWs(s, pos);
            if (pos[0] < s.length()) {
                if (s.charAt(pos[0]) != ',') {
                    throw AlertErrors.badMatcher(text, "expected ',' at position " + pos[0]);
                }
                pos[0]++;
                skipWs(s, pos);
            }
        }
        return out;
    }

    /** Parses exactly one matcher; brace expressions and lists are rejected. */
    public static LabelMatcher parseSingle(String text) {
        List<LabelMatcher> ms = parse(text);
        if (ms.size() != 1) {
            throw AlertErrors.badMatcher(text, "expected exactly one matcher, got " + ms.size());
        }
        return ms.get(0);
    }

    private static LabelMatcher parseOne(String text, String s, int[] pos) {
        int start = pos[0];
        int i = start;
        if (i < s.length() && s.charAt(i) == '"') {
            throw AlertErrors.badMatcher(text, "quoted label names are not supported");
        }
        while (i < s.length() && isNameChar(s.charAt(i), i == start)) {
            i++;
        }
        if (i == start) {
            throw AlertErrors.badMatcher(text, "expected a label name at position " + start);
        }
        String name = s.substring(start, i);
        pos[0] = i;
        skipWs(s, pos);
        i = pos[0];
        LabelMatcher.Type type;
        if (s.startsWith("=~", i)) {
            type = LabelMatcher.Type.RE;
            i += 2;
        } else if (s.startsWith("!~", i)) {
            type = LabelMatcher.Type.NRE;
            i += 2;
        } else if (s.startsWith("!=", i)) {
            type = LabelMatcher.Type.NEQ;
            i += 2;
        } else if (s.startsWith("=", i)) {
            type = LabelMatcher.Type.EQ;
            i += 1;
        } else {
            throw AlertErrors.badMatcher(text, "expected an operator (=, !=, =~, !~) after " + name);
        }
        pos[0] = i;
        skipWs(s, pos);
        i = pos[0];
        String value;
        if (i < s.length() && s.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char n = s.charAt(i + 1);
                    switch (n) {
                        case 'n' -> sb.append('\n');
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        default -> sb.append('\\').append(n);
                    }
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    closed = true;
                    i++;
                    break;
                }
                sb.append(c);
                i++;
            }
            if (!closed) {
                throw AlertErrors.badMatcher(text, "unterminated quoted value");
            }
            value = sb.toString();
        } else {
            int vs = i;
            while (i < s.length() && s.charAt(i) != ',') {
                if (s.charAt(i) == '"') {
                    throw AlertErrors.badMatcher(text, "unexpected '\"' in unquoted value");
                }
                i++;
            }
            value = s.substring(vs, i).trim();
        }
        pos[0] = i;
        try {
            return LabelMatcher.of(type, name, value);
        } catch (SuiteException e) {
            throw new SuiteException(ErrorKind.BAD_DATA, "bad matcher format: " + text + " [reason=" + e.getMessage() + "]");
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static void skipWs(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    public static boolean matchesAll(List<LabelMatcher> ms, Labels labels) {
        for (LabelMatcher m : ms) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Alertmanager's rendering of a matcher list, used in route keys: {@code {a="b",c=~"d"}}. */
    public static String render(List<LabelMatcher> ms) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < ms.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(ms.get(i).toString());
        }
        return sb.append('}').toString();
    }

    /** Label names as Alertmanager 0.25 accepts them. */
    public static boolean validLabelName(String n) {
        if (n == null || n.isEmpty()) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
