package ai.gatewayz.obs.sim;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import ai.gatewayz.obs.sim.api.HttpLayerFilter;
import ai.gatewayz.obs.sim.api.MetricsAppendFilter;
import ai.gatewayz.obs.sim.telemetry.ExtraExposition;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

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

    /**
     * The OpenAI-compatible API authenticates with the simulated users' API keys and the scrape
     * endpoints are public like the backend's; the scenario API ({@code /sim/**}) is a query path
     * guarded by the suite's tokens when they are configured.
     */
    @Bean
    AuthPaths authPaths() {
        List<String> open = new ArrayList<>(AuthPaths.HEALTH);
        open.addAll(List.of("/v1/**", "/metrics", "/prometheus/data/**", "/api/monitoring/**"));
        return new AuthPaths(List.of(), open);
    }

    /** API paths of the replaced system not served yet: they answer 501 instead of 404. */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/v1/messages", "/v1/images/**", "/v1/embeddings", "/prometheus/datasource/**");
    }

    @Bean
    FilterRegistrationBean<HttpLayerFilter> httpLayerFilter(GatewayMetrics metrics) {
        FilterRegistrationBean<HttpLayerFilter> reg = new FilterRegistrationBean<>(new HttpLayerFilter(metrics));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        reg.addUrlPatterns("/*");
        return reg;
    }

    @Bean
    FilterRegistrationBean<MetricsAppendFilter> metricsAppendFilter(ExtraExposition extra, Clock clock) {
        FilterRegistrationBean<MetricsAppendFilter> reg = new FilterRegistrationBean<>(new MetricsAppendFilter(extra, clock));
        reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 21);
        reg.addUrlPatterns("/metrics");
        return reg;
    }
}
