package ai.gatewayz.obs.logs.server;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** log-store: replaces Loki. Default port 3100; {@code PORT} and {@code DATA_DIR} override. */
@SpringBootApplication
public class LogStoreApplication {
    public static final String NAME = "log-store";
    public static final int DEFAULT_PORT = 3100;

    public static void main(String[] args) {
        SuiteApplication.run(LogStoreApplication.class, NAME, DEFAULT_PORT, args);
    }

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity(NAME, "Loki", "Loki");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest("/loki/api/v1/push", "/api/prom/push", "/otlp/v1/logs");
    }

    /**
     * Loki API paths not served yet: they answer 501 instead of 404. Every served path has a controller mapping, which takes precedence.
     */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/loki/api/v1/**", "/api/prom/**");
    }

    /** Grafana and curl send selectors unencoded in query strings ({@code query={app="x"}}); Tomcat must accept them. */
    @Bean
    org.springframework.boot.tomcat.TomcatConnectorCustomizer relaxedQueryChars() {
        return connector -> {
            connector.setProperty("relaxedQueryChars", "[]|{}^\\`\"<>");
            connector.setProperty("relaxedPathChars", "[]|{}^\\`\"<>");
        };
    }
}
