package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.alertmanager.Notifier;
import ai.gatewayz.obs.alertmanager.NotifierOptions;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlOptions;
import ai.gatewayz.obs.logs.ruler.DirectoryRuleNamespaces;
import ai.gatewayz.obs.logs.ruler.LogRuler;
import ai.gatewayz.obs.logs.ruler.LogqlRuleQueries;
import ai.gatewayz.obs.logs.ruler.TenantRemoteWrite;
import ai.gatewayz.obs.logs.server.api.QueryLimitsProperties;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.remotewrite.RemoteWriteMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires log-store's ruler: settings from {@code CONFIG_FILE}'s {@code ruler:} block over
 * {@code log.ruler.*} over {@code METRICS_STORE_URL}/{@code ALERTMANAGER_URL}; rule files from the
 * rule directory; LogQL over the tenant's logs with the tenant's query limits; results remote-written
 * per tenant; alerts through the shared notifier. A {@link Clock} bean, if any, drives evaluation
 * (tests, with {@code log.ruler.tick-interval=0} and explicit ticks).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RulerProperties.class, QueryLimitsProperties.class})
public class RulerConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(RulerConfiguration.class);
    /** Group evaluations: one virtual thread each (they wait on storage, not on CPU alone). */
    private static final java.util.concurrent.Executor EVALUATIONS = Thread.ofVirtual().name("log-ruler-eval-", 0)::start;

    @Bean
    RulerSettings rulerSettings(RulerProperties props, @Value("${CONFIG_FILE:}") String configFile,
            @Value("${suite.data-dir}") String dataDir, @Value("${METRICS_STORE_URL:}") String metricsStoreUrl,
            @Value("${ALERTMANAGER_URL:}") String alertmanagerUrl) {
        LokiRulerConfig cfg = configFile.isBlank() ? LokiRulerConfig.ABSENT
                : LokiRulerConfig.read(Path.of(configFile), System::getenv);
        cfg.warnings().forEach(w -> LOG.warn("configuration file {}: {}", configFile, w));
        RulerSettings s = RulerSettings.resolve(cfg, props, dataDir, metricsStoreUrl, alertmanagerUrl);
        LOG.info("ruler: [enabled={}, api={}, directory={}, evaluationInterval={}ms, alertmanagers={}, remoteWrite={}]",
                s.enabled(), s.enableApi(), s.directory(), s.options().evaluationIntervalMs(),
                s.alertmanagers().stream().map(a -> a.baseUrl()).toList(),
                s.remoteWrite().stream().map(d -> d.name() + "=" + d.options().url()).toList());
        return s;
    }

    @Bean(destroyMethod = "close")
    TenantRemoteWrite rulerRemoteWrite(RulerSettings s, ObjectProvider<Clock> clock, MeterRegistry meters,
            @Value("${suite.data-dir}") String dataDir) {
        // queue logs where Loki keeps its ruler WAL by default ("ruler-wal"), under DATA_DIR
        return new TenantRemoteWrite(s.remoteWrite(), clock.getIfAvailable(Clock::systemUTC),
                Path.of(dataDir).resolve("ruler-wal").toAbsolutePath(),
                (name, client) -> RemoteWriteMetrics.bind(client, name, meters));
    }

    @Bean(destroyMethod = "close")
    Notifier rulerNotifier(RulerSettings s, RulerProperties p, MeterRegistry meters) {
        Notifier n = new Notifier(NotifierOptions.defaults().withQueueCapacity(p.queueCapacity())
                .withExternalLabels(s.options().rules().externalLabels()), s.alertmanagers());
        FunctionCounter.builder("loki_prometheus_notifications_sent_total", n, Notifier::sent)
                .description("Alerts delivered to Alertmanagers").register(meters);
        FunctionCounter.builder("loki_prometheus_notifications_dropped_total", n, Notifier::dropped)
                .description("Alerts dropped because the queue was full").register(meters);
        FunctionCounter.builder("loki_prometheus_notifications_errors_total", n, Notifier::errors)
                .description("Failed deliveries").register(meters);
        Gauge.builder("loki_prometheus_notifications_queue_length", n, Notifier::queueLength).register(meters);
        if (s.enabled()) {
            n.start();
        }
        return n;
    }

    @Bean(destroyMethod = "close")
    LogRuler logRuler(RulerSettings s, RulerProperties p, TenantLogStorages storages, QueryLimitsProperties limits,
            TenantRemoteWrite remoteWrite, Notifier notifier, ObjectProvider<Clock> clock, MeterRegistry meters) {
        ConcurrentHashMap<String, LogqlEngine> engines = new ConcurrentHashMap<>();
        boolean scheduled = !p.tickInterval().isZero();
        DirectoryRuleNamespaces store = new DirectoryRuleNamespaces(s.directory());
        if (s.enabled() && !p.seedDirectory().isBlank()) {
            seed(new DirectoryRuleNamespaces(Path.of(p.seedDirectory())), store);
        }
        LogRuler ruler = new LogRuler(store,
                tenant -> LogqlRuleQueries.queryFunc(storages, tenant, engines.computeIfAbsent(tenant, t -> {
                    QueryLimitsProperties.Limits l = limits.forTenant(t);
                    return new LogqlEngine(new LogqlOptions(l.maxQuerySeries(), l.maxEntriesLimitPerQuery()));
                })),
                remoteWrite::writer, remoteWrite::forStateReader, notifier::send, LogqlRuleQueries.validator(), s.options(),
                clock.getIfAvailable(Clock::systemUTC), scheduled ? EVALUATIONS : Runnable::run);
        Gauge.builder("loki_ruler_rule_groups", ruler, r -> r.tenants().stream().mapToInt(t -> r.groups(t).size()).sum())
                .description("Rule groups loaded, all tenants").register(meters);
        Gauge.builder("loki_ruler_invalid_namespaces", ruler, r -> r.loadErrors().values().stream().mapToInt(l -> l.size()).sum())
                .description("Problems in rule files skipped at the last re-read").register(meters);
        if (s.enabled()) {
            ruler.sync();
            if (scheduled) {
                ruler.start(p.tickInterval().toMillis());
            }
        }
        return ruler;
    }

    /** Writes every bundled namespace into the rule directory (replacing one of the same name if it differs). */
    static void seed(DirectoryRuleNamespaces bundled, DirectoryRuleNamespaces store) {
        if (!java.nio.file.Files.isDirectory(bundled.directory())) {
            LOG.warn("bundled rule directory not found, nothing seeded [log.ruler.seed-directory={}]", bundled.directory());
            return;
        }
        for (String tenant : bundled.tenants()) {
            bundled.namespaces(tenant).forEach((ns, content) -> {
                if (!store.namespace(tenant, ns).map(content::equals).orElse(false)) {
                    store.put(tenant, ns, content);
                    LOG.info("bundled rules written [tenant={}, namespace={}, from={}]", tenant, ns, bundled.directory());
                }
            });
        }
    }
}
