package ai.gatewayz.obs.jsonproxy;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** json-api-proxy: replaces provider-health JSON proxy. Default port 5050; {@code PORT} and {@code DATA_DIR} override. */
@SpringBootApplication
public class JsonApiProxyApplication {
    public static final String NAME = "json-api-proxy";
    public static final int DEFAULT_PORT = 5050;

    public static void main(String[] args) {
        SuiteApplication.run(JsonApiProxyApplication.class, NAME, DEFAULT_PORT, args);
    }

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity(NAME, "provider-health JSON proxy", "JSON API proxy");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest();
    }

    /** API paths of the replaced system not served yet: they answer 501 instead of 404. */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/api/**", "/search", "/query");
    }
}
