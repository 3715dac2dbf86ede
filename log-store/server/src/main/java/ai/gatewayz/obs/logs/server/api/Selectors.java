package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.logs.logql.parser.Parser;
import java.util.List;

/** The stream selector at the start of a {@code query} or {@code match[]} parameter; a pipeline after it is ignored. */
public final class Selectors {
    private Selectors() {
    }

    public static List<LabelMatcher> leading(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return Parser.streamMatchers(query);
    }
}
