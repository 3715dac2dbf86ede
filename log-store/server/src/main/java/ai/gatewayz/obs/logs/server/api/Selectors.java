package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.logs.selector.StreamSelectors;
import java.util.List;

/** The stream selector at the start of a {@code query} or {@code match[]} parameter; a pipeline after it is ignored. */
public final class Selectors {
    private Selectors() {
    }

    public static List<LabelMatcher> leading(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return StreamSelectors.parse(query.substring(0, selectorEnd(query)));
    }

    private static int selectorEnd(String q) {
        char quote = 0;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '}') {
                return i + 1;
            }
        }
        return q.length();
    }
}
