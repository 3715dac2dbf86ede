package ai.gatewayz.obs.metrics.server.api;

import ai.gatewayz.obs.metrics.promql.engine.QueryOptions;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metrics.query.*}: PromQL limits. {@code timeout} (2m), {@code max-samples} (50,000,000),
 * {@code lookback-delta} (5m), {@code max-series} (0 = unlimited), {@code max-points-per-series}
 * (11,000), {@code build-version} (the semver reported by buildinfo, 3.1.0).
 */
@ConfigurationProperties("metrics.query")
public record QueryProperties(Duration timeout, Long maxSamples, Duration lookbackDelta, Integer maxSeries,
                              Integer maxPointsPerSeries, String buildVersion) {
    public QueryOptions toOptions() {
        QueryOptions d = QueryOptions.DEFAULTS;
        return new QueryOptions(
                lookbackDelta == null ? d.lookbackDeltaMs() : lookbackDelta.toMillis(),
                maxSamples == null ? d.maxSamples() : maxSamples,
                timeout == null ? d.timeoutMs() : timeout.toMillis(),
                maxSeries == null ? d.maxSeries() : maxSeries,
                d.defaultSubqueryStepMs(),
                maxPointsPerSeries == null ? d.maxPointsPerSeries() : maxPointsPerSeries);
    }

    public String version() {
        return buildVersion == null || buildVersion.isBlank() ? "3.1.0" : buildVersion;
    }
}
