package ai.gatewayz.obs.metrics.server.rules;

import ai.gatewayz.obs.alertmanager.AlertingConfig;
import ai.gatewayz.obs.alertmanager.AlertmanagerTarget;
import ai.gatewayz.obs.alertmanager.Notifier;
import ai.gatewayz.obs.alertmanager.NotifierOptions;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.config.PrometheusConfig;
import ai.gatewayz.obs.metrics.config.PrometheusConfigLoader;
import ai.gatewayz.obs.metrics.rules.MetricsRules;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.rules.ExpressionValidator;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.RuleFiles;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleManager;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running rule engine of the server: reads the Prometheus configuration file's rule-related
 * keys, loads and validates rule files, runs the {@link RuleManager} and the {@link Notifier}.
 * {@link #reload()} applies a new configuration atomically or throws and keeps the last good one.
 * Thread-safe.
 */
public final class RulesService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesService.class);

    private final RulesProperties props;
    private final Path configFile;
    private final ExpressionValidator validator;
    private final RuleManager manager;
    private final Notifier notifier;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile long lastReloadMs;
    private volatile boolean lastReloadOk = true;
    private volatile long reloadFailures;

    public RulesService(RulesProperties props, Path configFile, Storage storage, StorageQueryFunc engine,
            ExpressionValidator validator, Clock clock) {
        this.props = props;
        this.configFile = configFile;
        this.validator = validator == null ? ExpressionValidator.NONE : validator;
        QueryFunc query = engine != null ? engine.bind(storage) : (expr, t) -> {
            throw new IllegalStateException("rule evaluation unavailable: no PromQL engine is wired into this server");
        };
        if (engine == null) {
            LOG.warn("no PromQL engine bean (StorageQueryFunc): rules load but every evaluation reports an error");
        }
        if (validator == null) {
            LOG.warn("no PromQL expression validator bean: rule expressions are not syntax-checked at load");
        }
        this.notifier = new Notifier(new NotifierOptions(props.queueCapacity(), props.maxBatchSize(), Labels.EMPTY,
                "Prometheus/2.42.0 (gatewayz metrics-store)"), List.of());
        // with scheduling off (tests drive tick() on a fixed clock) groups evaluate on the caller's thread
        java.util.concurrent.Executor run = props.pollInterval().isZero() ? Runnable::run : executor;
        this.manager = MetricsRules.manager(storage, query, notifier::send, RulesOptions.defaults(), clock, run);
    }

    /** Loads the configuration; throws (the caller decides whether that is fatal). */
    public synchronized void reload() {
        try {
            // The one prometheus.yml loader (also the scrape configuration's), env expansion included.
            PrometheusConfig cfg = configFile == null ? PrometheusConfig.empty()
                    : PrometheusConfigLoader.withSystemEnv().load(configFile);
            AlertingConfig alerting = AlertingConfig.from(cfg.alerting().isEmpty() ? null : cfg.alerting(), cfg.baseDir());
            alerting.warnings().forEach(w -> LOG.warn("{}", w));
            List<AlertmanagerTarget> targets = alerting.targets();
            if (!props.alertmanagerUrls().isEmpty()) {
                targets = new ArrayList<>();
                for (String u : props.alertmanagerUrls()) {
                    targets.add(new AlertmanagerTarget(u.replaceAll("/+$", ""), "v2", 10_000, null));
                }
            }
            RuleParseOptions po = RuleParseOptions.defaults(validator).withDefaultInterval(cfg.evaluationInterval().toMillis());
            List<RuleGroupSpec> specs = RuleFiles.load(RuleFiles.expand(cfg.ruleFiles(), cfg.baseDir()), po);
            RulesOptions ro = RulesOptions.defaults().withExternalLabels(cfg.externalLabels())
                    .withExternalURL(props.externalUrl()).withResendDelay(props.resendDelay().toMillis());
            notifier.setExternalLabels(cfg.externalLabels());
            manager.update(specs, ro);
            notifier.setTargets(targets);
            lastReloadOk = true;
            lastReloadMs = System.currentTimeMillis();
            LOG.info("rules loaded [groups={}, rules={}, alertmanagers={}]", specs.size(),
                    specs.stream().mapToInt(s -> s.rules().size()).sum(), targets.size());
        } catch (RuntimeException e) {
            lastReloadOk = false;
            reloadFailures++;
            throw e;
        }
    }

    /** Starts evaluation and delivery (unless the poll interval is zero: then {@link #tick()} drives it). */
    public void start() {
        notifier.start();
        if (!props.pollInterval().isZero()) {
            manager.start(props.pollInterval().toMillis());
        }
    }

    /** Evaluates due groups now and waits for delivery; for tests driving a fixed clock. */
    public void tick() {
        manager.tick();
    }

    public List<RuleGroup> groups() {
        return manager.groups();
    }

    public Notifier notifier() {
        return notifier;
    }

    public int queueCapacity() {
        return props.queueCapacity();
    }

    public boolean lastReloadOk() {
        return lastReloadOk;
    }

    public long lastReloadMs() {
        return lastReloadMs;
    }

    public long reloadFailures() {
        return reloadFailures;
    }

    @Override
    public void close() {
        manager.close();
        notifier.close();
        executor.shutdownNow();
    }
}
