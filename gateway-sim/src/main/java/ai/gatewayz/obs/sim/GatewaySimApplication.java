package ai.gatewayz.obs.sim;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** gateway-sim: replaces GatewayZ backend. Default port 8000; {@code PORT} and {@code DATA_DIR} override. */
@SpringBootApplication
public class GatewaySimApplication {
    public static final String NAME = "gateway-sim";
    public static final int DEFAULT_PORT = 8000;

    public static void main(String[] args) {
        SuiteApplication.run(GatewaySimApplication.class, NAME, DEFAULT_PORT, args);
    }

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity(NAME, "GatewayZ backend", "gateway-sim");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest();
    }

    /** API paths of the replaced system not served yet: they answer 501 instead of 404. */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/v1/**", "/prometheus/data/metrics");
    }
}
