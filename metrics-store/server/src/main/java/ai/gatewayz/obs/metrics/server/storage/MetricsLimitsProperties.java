package ai.gatewayz.obs.metrics.server.storage;

import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metrics.limits.*}: per-tenant ingestion limits, with per-tenant overrides under
 * {@code metrics.limits.overrides.<tenant>.*}. Zero disables a limit.
 */
@ConfigurationProperties("metrics.limits")
public record MetricsLimitsProperties(Long maxSeries, Integer maxLabelsPerSeries, Integer maxLabelNameLength,
        Integer maxLabelValueLength, Double ingestionRate, Long ingestionBurst, Map<String, Override> overrides) {

    /** One tenant's overrides; unset fields take the defaults. */
    public record Override(Long maxSeries, Integer maxLabelsPerSeries, Integer maxLabelNameLength,
            Integer maxLabelValueLength, Double ingestionRate, Long ingestionBurst) {
    }

    public TenantLimits defaults() {
        TenantLimits d = TenantLimits.defaults();
        return new TenantLimits(maxSeries == null ? d.maxSeries() : maxSeries,
                maxLabelsPerSeries == null ? d.maxLabelsPerSeries() : maxLabelsPerSeries,
                maxLabelNameLength == null ? d.maxLabelNameLength() : maxLabelNameLength,
                maxLabelValueLength == null ? d.maxLabelValueLength() : maxLabelValueLength,
                ingestionRate == null ? d.ingestionRate() : ingestionRate,
                ingestionBurst == null ? d.ingestionBurst() : ingestionBurst);
    }

    public LimitsRegistry toRegistry() {
        TenantLimits d = defaults();
        Map<String, TenantLimits> o = new HashMap<>();
        if (overrides != null) {
            overrides.forEach((tenant, v) -> o.put(tenant, new TenantLimits(
                    v.maxSeries() == null ? d.maxSeries() : v.maxSeries(),
                    v.maxLabelsPerSeries() == null ? d.maxLabelsPerSeries() : v.maxLabelsPerSeries(),
                    v.maxLabelNameLength() == null ? d.maxLabelNameLength() : v.maxLabelNameLength(),
                    v.maxLabelValueLength() == null ? d.maxLabelValueLength() : v.maxLabelValueLength(),
                    v.ingestionRate() == null ? d.ingestionRate() : v.ingestionRate(),
                    v.ingestionBurst() == null ? d.ingestionBurst() : v.ingestionBurst())));
        }
        return new LimitsRegistry(d, o);
    }
}
