package ai.gatewayz.obs.alerts.server;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * alert-router: replaces Alertmanager. Default port 9093; {@code PORT}, {@code DATA_DIR} and
 * {@code CONFIG_FILE} (or {@code --config.file=}) override.
 */
@SpringBootApplication
public class AlertRouterApplication {
    public static final String NAME = "alert-router";
    public static final int DEFAULT_PORT = 9093;

    public static void main(String[] args) {
        SuiteApplication.run(AlertRouterApplication.class, NAME, DEFAULT_PORT, args);
    }

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity(NAME, "Alertmanager", "Alertmanager");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest("/api/v2/alerts");
    }

    /** Every Alertmanager v2 path is served; nothing is pending. */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths();
    }
}
