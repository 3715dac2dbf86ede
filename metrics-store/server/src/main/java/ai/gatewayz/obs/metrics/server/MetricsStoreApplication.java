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
        return AuthPaths.withIngest("/api/v1/write", "/api/v1/push", "/prometheus/api/v1/write", "/prometheus/api/v1/push");
    }

    /** API paths of the replaced system not served yet: they answer 501 instead of 404. */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/api/v1/**", "/prometheus/api/v1/**");
    }
}
