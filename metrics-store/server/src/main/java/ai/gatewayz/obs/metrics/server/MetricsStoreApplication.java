package ai.gatewayz.obs.metrics.server;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** metrics-store: replaces Prometheus + Mimir. Default port 9090; {@code PORT} and {@code DATA_DIR} override. */
@SpringBootApplication
public class MetricsStoreApplication {
    public static final String NAME = "metrics-store";
    public static final int DEFAULT_PORT = 9090;

    public static void main(String[] args) {
        SuiteApplication.run(MetricsStoreApplication.class, NAME, DEFAULT_PORT, args);
    }

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity(NAME, "Prometheus + Mimir", "Prometheus Server");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest("/api/v1/write", "/api/v1/push", "/prometheus/api/v1/write", "/prometheus/api/v1/push",
                "/otlp/v1/metrics", "/api/v1/otlp/v1/metrics", "/prometheus/otlp/v1/metrics");
    }

    /**
     * API paths of the replaced system not served yet: they answer 501 instead of 404. The query
     * API (query, query_range, series, labels, label values, metadata, query_exemplars,
     * format_query, status/buildinfo|config|flags, targets) is served by QueryApiController, remote
     * write by RemoteWriteController, rules and alerts by RulesController.
     */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths(
                "/api/v1/otlp/**", "/api/v1/alertmanagers", "/api/v1/status/**", "/api/v1/targets/**",
                "/api/v1/admin/**", "/api/v1/notifications/**", "/prometheus/api/v1/status/**",
                "/prometheus/api/v1/admin/**", "/prometheus/config/v1/rules/**");
    }
}
