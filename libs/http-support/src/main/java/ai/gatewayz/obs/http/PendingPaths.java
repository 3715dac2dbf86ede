package ai.gatewayz.obs.http;

import java.util.List;

/**
 * Ant-style path patterns of the replaced system's API that a service does not serve yet. A request
 * to such a path that no controller handles gets 501 with the error envelope rather than 404, so a
 * client learns the endpoint is known but pending. Real mappings always take precedence. Immutable.
 */
public record PendingPaths(List<String> patterns) {
    public PendingPaths(String... patterns) {
        this(List.of(patterns));
    }
}
