package ai.gatewayz.obs.metrics.server.scrape;

import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.metrics.config.PrometheusConfig;
import ai.gatewayz.obs.metrics.config.PrometheusConfigLoader;
import ai.gatewayz.obs.metrics.scrape.GlobalUrls;
import ai.gatewayz.obs.metrics.server.PrometheusConfigFile;
import ai.gatewayz.obs.metrics.scrape.ScrapeConfig;
import ai.gatewayz.obs.metrics.scrape.ScrapeManager;
import ai.gatewayz.obs.metrics.scrape.ScrapePool;
import ai.gatewayz.obs.metrics.scrape.ScrapeTargets;
import java.net.URI;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Loads the Prometheus configuration file ({@code --config.file} or {@code CONFIG_FILE}) and runs
 * its scrape jobs into the default tenant once the server is up. Without a file the server
 * scrapes its own {@code /metrics} every 15 s (job {@code metrics-store}). The loaded
 * {@link PrometheusConfig} bean exposes rule_files, alerting, evaluation_interval and
 * external_labels to the rules engine. {@code metrics.scrape.enabled=false} turns scraping off.
 * The runner is the {@link ScrapeTargets} the targets API reads; {@code metrics.web.external-url}
 * (Prometheus's {@code --web.external-url}) sets the host that loopback targets' globalUrl shows.
 */
@Configuration(proxyBeanMethods = false)
public class ScrapeConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ScrapeConfiguration.class);

    @Bean
    PrometheusConfig prometheusConfigurationFile(Environment env) {
        Path file = PrometheusConfigFile.of(env);
        if (file == null) {
            log.info("no Prometheus configuration file (--config.file / CONFIG_FILE): scraping metrics-store's own /metrics");
            return PrometheusConfig.empty();
        }
        PrometheusConfig c = PrometheusConfigLoader.withSystemEnv().load(file);
        c.warnings().forEach(w -> log.warn("prometheus config {}: {}", file, w));
        log.info("loaded Prometheus configuration [file={}, jobs={}, ruleFiles={}]", file, c.scrapeConfigs().size(), c.ruleFiles());
        return c;
    }

    /** Starts scraping when the web server listens (so the self-scrape target exists). */
    @Bean(destroyMethod = "close")
    ScrapeRunner scrapeRunner(PrometheusConfig config, TenantStorages storages, ObjectProvider<Clock> clock,
            @Value("${metrics.scrape.enabled:true}") boolean enabled, Environment env) {
        boolean fromFile = PrometheusConfigFile.of(env) != null;
        return new ScrapeRunner(fromFile ? config : null, storages, clock.getIfAvailable(Clock::systemUTC), enabled);
    }

    /** Owns the scrape manager's lifecycle; answers the targets API (no targets before it starts). */
    public static final class ScrapeRunner implements AutoCloseable, ScrapeTargets {
        private final PrometheusConfig config;
        private final TenantStorages storages;
        private final Clock clock;
        private final boolean enabled;
        private volatile ScrapeManager manager;
        private volatile GlobalUrls globalUrls;

        ScrapeRunner(PrometheusConfig config, TenantStorages storages, Clock clock, boolean enabled) {
            this.config = config;
            this.storages = storages;
            this.clock = clock;
            this.enabled = enabled;
        }

        @EventListener
        public void onReady(ApplicationReadyEvent e) {
            if (!enabled) {
                log.info("scraping disabled [metrics.scrape.enabled=false]");
                return;
            }
            Environment env = e.getApplicationContext().getEnvironment();
            String port = env.getProperty("local.server.port", "9090");
            String external = env.getProperty("metrics.web.external-url", "");
            globalUrls = new GlobalUrls(external.isBlank() ? GlobalUrls.defaultExternal(Integer.parseInt(port)) : URI.create(external),
                    Integer.parseInt(port));
            List<ScrapeConfig> jobs;
            if (config != null) {
                jobs = config.scrapeConfigs();
            } else {
                jobs = List.of(new ScrapeConfig("metrics-store", Duration.ofSeconds(15), Duration.ofSeconds(10), "/metrics",
                        "http", Map.of(), false, true, null, null, null, null,
                        List.of(new ScrapeConfig.StaticConfig(List.of("127.0.0.1:" + port), Map.of())), List.of(), List.of(), 0, 0));
            }
            ScrapeManager m = new ScrapeManager(jobs, storages.forTenant(Tenants.DEFAULT_TENANT), clock);
            m.start();
            manager = m;
        }

        public ScrapeManager manager() {
            return manager;
        }

        @Override
        public List<ScrapePool> pools() {
            ScrapeManager m = manager;
            return m == null ? List.of() : m.pools();
        }

        @Override
        public URI globalUrl(URI target) {
            GlobalUrls g = globalUrls;
            return g == null ? target : g.of(target);
        }

        @Override
        public void close() {
            ScrapeManager m = manager;
            if (m != null) {
                m.close();
            }
        }
    }
}
