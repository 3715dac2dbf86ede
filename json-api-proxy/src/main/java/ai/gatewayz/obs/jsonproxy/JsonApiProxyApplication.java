package ai.gatewayz.obs.jsonproxy;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import ai.gatewayz.obs.jsonproxy.health.HealthStore;
import ai.gatewayz.obs.jsonproxy.health.Poller;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** json-api-proxy: replaces provider-health JSON proxy. Default port 5050; {@code PORT} and {@code DATA_DIR} override. */
@SpringBootApplication
@EnableConfigurationProperties(ProxyProperties.class)
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
        return new PendingPaths("/api/**");
    }

    @Bean
    Clock proxyClock() {
        return Clock.systemUTC();
    }

    @Bean
    HealthStore healthStore(ProxyProperties p) {
        return new HealthStore(p.historySnapshots());
    }

    @Bean
    Poller poller(ProxyProperties p, HealthStore store, Clock clock) {
        return new Poller(p.upstreamUrl(), p.apiKey(), store, clock);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService pollScheduler(ProxyProperties p, Poller poller) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("poller").factory());
        long ms = p.pollInterval().toMillis();
        if (ms > 0) {
            s.scheduleWithFixedDelay(poller::pollOnce, 0, ms, TimeUnit.MILLISECONDS);
        }
        return s;
    }
}
