package ai.gatewayz.obs.metrics.config;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.scrape.ScrapeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A loaded prometheus.yml. {@code ruleFiles} and {@code alerting} are handed over raw (the rules
 * engine parses them, resolving rule file globs against {@code baseDir}). {@code warnings} lists
 * every key that was ignored. Immutable.
 */
public record PrometheusConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval,
        Labels externalLabels, List<ScrapeConfig> scrapeConfigs, List<String> ruleFiles, Map<String, Object> alerting,
        java.nio.file.Path baseDir, List<String> warnings) {

    /** The configuration in force without a file: Prometheus's defaults, no jobs, no rules. */
    public static PrometheusConfig empty() {
        return new PrometheusConfig(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Labels.EMPTY,
                List.of(), List.of(), Map.of(), java.nio.file.Path.of("."), List.of());
    }
}
