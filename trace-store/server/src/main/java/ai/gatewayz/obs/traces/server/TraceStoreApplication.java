package ai.gatewayz.obs.traces.server;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** trace-store: replaces Tempo. Default port 3200; {@code PORT} and {@code DATA_DIR} override. */
@SpringBootApplication
public class TraceStoreApplication {
    public static final String NAME = "trace-store";
    public static final int DEFAULT_PORT = 3200;

    public static void main(String[] args) {
        SuiteApplication.run(TraceStoreApplication.class, NAME, DEFAULT_PORT, args);
    }

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity(NAME, "Tempo", "Tempo");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest("/v1/traces");
    }

    /** API paths of the replaced system not served yet (overrides, streaming...): 501 instead of 404. */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/api/**");
    }
}
