package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.logs.logql.parser.Parser;
import java.util.List;

/** The stream matchers of a metadata request's {@code query} or {@code match[]} parameter; absent means every stream. */
final class Selectors {
    private Selectors() {
    }

    static List<LabelMatcher> leading(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return Parser.streamMatchers(query);
    }
}
