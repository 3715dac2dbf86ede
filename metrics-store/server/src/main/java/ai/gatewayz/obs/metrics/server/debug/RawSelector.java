package ai.gatewayz.obs.metrics.server.debug;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a plain series selector ({@code name{a="x", b=~"y"}} or {@code {...}}) for the raw read
 * endpoint. Only selectors, no PromQL: the query API lives with the PromQL engine.
 */
final class RawSelector {
    private final String s;
    private int pos;

    private RawSelector(String s) {
        this.s = s;
    }

    static List<LabelMatcher> parse(String selector) {
        try {
            return new RawSelector(selector.trim()).matchers();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw CommonErrors.invalidParameter("match[]", selector, "cannot parse %s as a series selector: " + e.getMessage());
        }
    }

    private List<LabelMatcher> matchers() {
        List<LabelMatcher> out = new ArrayList<>();
        String name = ident();
        if (!name.isEmpty()) {
            out.add(LabelMatcher.eq(Labels.METRIC_NAME, name));
        }
        ws();
        if (pos < s.length()) {
            expect('{');
            ws();
            while (s.charAt(pos) != '}') {
                String label = s.charAt(pos) == '"' ? string() : ident();
                ws();
                LabelMatcher.Type type;
                if (s.startsWith("=~", pos)) {
                    type = LabelMatcher.Type.RE;
                    pos += 2;
                } else if (s.startsWith("!~", pos)) {
                    type = LabelMatcher.Type.NRE;
                    pos += 2;
                } else if (s.startsWith("!=", pos)) {
                    type = LabelMatcher.Type.NEQ;
                    pos += 2;
                } else {
                    expect('=');
                    type = LabelMatcher.Type.EQ;
                }
                ws();
                out.add(LabelMatcher.of(type, label, string()));
                ws();
                if (s.charAt(pos) == ',') {
                    pos++;
                    ws();
                }
            }
            pos++;
            ws();
            if (pos != s.length()) {
                throw new IllegalArgumentException("unexpected text after selector at " + pos);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty selector");
        }
        return out;
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private void expect(char c) {
        if (s.charAt(pos) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos);
        }
        pos++;
    }

    private String ident() {
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == ':') {
                pos++;
            } else {
                break;
            }
        }
        return s.substring(start, pos);
    }

    private String string() {
        char q = s.charAt(pos);
        if (q != '"' && q != '\'') {
            throw new IllegalArgumentException("expected a quoted string at " + pos);
        }
        pos++;
        StringBuilder sb = new StringBuilder();
        while (s.charAt(pos) != q) {
            char c = s.charAt(pos++);
            if (c == '\\') {
                char e = s.charAt(pos++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        pos++;
        return sb.toString();
    }
}
