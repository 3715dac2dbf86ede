package ai.gatewayz.obs.http;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tokens that guard a service, bound from {@code suite.auth.*} (environment {@code AUTH_INGEST_TOKENS},
 * {@code AUTH_QUERY_TOKENS}, comma-separated). An empty list leaves that scope open, the local
 * default; compose and Railway set both. A query token does not grant ingest and vice versa.
 */
@ConfigurationProperties(prefix = "suite.auth")
public record AuthProperties(List<String> ingestTokens, List<String> queryTokens) {
    public AuthProperties {
        ingestTokens = clean(ingestTokens);
        queryTokens = clean(queryTokens);
    }

    private static List<String> clean(List<String> tokens) {
        return tokens == null ? List.of() : tokens.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
