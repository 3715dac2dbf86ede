package ai.gatewayz.obs.metrics.scrape;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} job, with the global defaults already applied. Immutable.
 *
 * @param bearerTokenFile read at every scrape (so rotated tokens are picked up); null when unused
 * @param bodySizeLimit bytes; 0 = the scraper's default cap
 */
public record ScrapeConfig(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
        String scheme, Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps,
        String basicAuthUser, String basicAuthPassword, String bearerToken, Path bearerTokenFile,
        List<StaticConfig> staticConfigs, List<RelabelConfig> relabelConfigs, List<RelabelConfig> metricRelabelConfigs,
        long sampleLimit, long bodySizeLimit) {

    /** One {@code static_configs} entry. */
    public record StaticConfig(List<String> targets, Map<String, String> labels) {
    }
}
