package ai.gatewayz.obs.metrics.server.rules;

import ai.gatewayz.obs.metrics.rules.PromqlRuleEngine;
import ai.gatewayz.obs.metrics.server.PrometheusConfigFile;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import ai.gatewayz.obs.rules.ExpressionValidator;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the rule engine: rules and notifier from the prometheus.yml ({@link PrometheusConfigFile}); evaluation and validation go
 * through our PromQL engine ({@link PromqlRuleEngine}) unless the context supplies a
 * {@link StorageQueryFunc} / {@link ExpressionValidator} (tests); a {@link Clock} bean, if any,
 * drives evaluation (tests). Invalid rules at start
 * fail the start, as in Prometheus; SIGHUP reloads like {@code POST /-/reload}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesProperties.class)
public class RulesConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(RulesConfiguration.class);

    @Bean(destroyMethod = "close")
    RulesService rulesService(RulesProperties props, Environment env,
            TenantStorages storages, ObjectProvider<StorageQueryFunc> engine, ObjectProvider<ExpressionValidator> validator,
            ObjectProvider<Clock> clock) {
        PromqlRuleEngine promql = new PromqlRuleEngine();
        RulesService s = new RulesService(props, PrometheusConfigFile.of(env),
                storages.forTenant(props.tenant()), engine.getIfAvailable(promql::engine),
                validator.getIfAvailable(promql::validator), clock.getIfAvailable(Clock::systemUTC));
        if (props.enabled()) {
            s.reload();
            s.start();
            installSighup(s);
        }
        return s;
    }

    /** Reload on SIGHUP where the JVM allows a handler (HotSpot on Linux/macOS). */
    private static void installSighup(RulesService s) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                try {
                    s.reload();
                } catch (RuntimeException e) {
                    LOG.error("reload on SIGHUP failed; keeping the previous rules: {}", e.getMessage());
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("SIGHUP reload not available on this JVM: {}", e.getMessage());
        }
    }
}
