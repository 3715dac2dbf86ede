package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.logs.logql.LogqlErrors;
import java.util.ArrayList;
import java.util.List;

/** The path expressions of {@code | json name="a.b[0]"}: keys (String) and array indexes (Integer). Stateless. */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static List<Object> parse(String expr) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        StringBuilder key = new StringBuilder();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '.') {
                if (!key.isEmpty()) {
                    out.add(key.toString());
                    key.setLength(0);
                }
                i++;
            } else if (c == '[') {
                if (!key.isEmpty()) {
                    out.add(key.toString());
                    key.setLength(0);
                }
                int end = expr.indexOf(']', i);
                if (end < 0) {
                    throw invalid(expr);
                }
                String inner = expr.substring(i + 1, end).strip();
                if (inner.length() >= 2 && (inner.charAt(0) == '"' || inner.charAt(0) == '\'')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    out.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        out.add(Integer.parseInt(inner));
                    } catch (NumberFormatException e) {
                        throw invalid(expr);
                    }
                }
                i = end + 1;
            } else {
                key.append(c);
                i++;
            }
        }
        if (!key.isEmpty()) {
            out.add(key.toString());
        }
        if (out.isEmpty()) {
            throw invalid(expr);
        }
        return out;
    }

    private static RuntimeException invalid(String expr) {
        return LogqlErrors.semantic("invalid json expression: " + expr);
    }
}
