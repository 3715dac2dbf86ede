package ai.gatewayz.obs.http;

import java.util.List;

/**
 * Which request paths of a service are ingest (write) endpoints and which are open without
 * credentials (health probes). Every other path is a query path. Each service declares one bean;
 * patterns are Ant-style ({@code /api/v1/push}, {@code /loki/api/v1/**}). Immutable.
 */
public record AuthPaths(List<String> ingest, List<String> open) {
    /** Health probes are always open so orchestrators can check liveness without secrets. */
    public static final List<String> HEALTH = List.of("/-/healthy", "/-/ready", "/ready", "/health", "/actuator/health", "/actuator/health/**");

    public static AuthPaths withIngest(String... patterns) {
        return new AuthPaths(List.of(patterns), HEALTH);
    }
}
