package ai.gatewayz.obs.profiles.server.limits;

import ai.gatewayz.obs.profiles.limits.TenantLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code profiles.limits.*}: the default per-tenant ingest limits and, under
 * {@code profiles.limits.tenants.<tenant>.*}, overrides for single tenants (unset fields inherit
 * the defaults). A zero switches a limit off. Defaults are Pyroscope's (see {@link TenantLimits#DEFAULTS}).
 *
 * @param activeSeriesWindow how long a series counts against {@code max-series} after its last profile
 */
@ConfigurationProperties("profiles.limits")
public record ProfileLimitsProperties(DataSize ingestionRate, DataSize ingestionBurst, DataSize maxProfileSize, Integer maxSeries,
        Integer maxLabelNamesPerSeries, Integer maxLabelNameLength, Integer maxLabelValueLength, Duration activeSeriesWindow,
        Map<String, Override> tenants) {

    /** One tenant's overrides; null fields inherit the defaults. */
    public record Override(DataSize ingestionRate, DataSize ingestionBurst, DataSize maxProfileSize, Integer maxSeries,
            Integer maxLabelNamesPerSeries, Integer maxLabelNameLength, Integer maxLabelValueLength) {
    }

    public ProfileLimitsProperties {
        activeSeriesWindow = activeSeriesWindow == null ? Duration.ofHours(1) : activeSeriesWindow;
        tenants = tenants == null ? Map.of() : tenants;
    }

    public TenantLimits defaults() {
        TenantLimits d = TenantLimits.DEFAULTS;
        return new TenantLimits(bytes(ingestionRate, d.ingestionRateBytes()), bytes(ingestionBurst, d.ingestionBurstBytes()),
                bytes(maxProfileSize, d.maxProfileSizeBytes()), num(maxSeries, d.maxSeries()),
                num(maxLabelNamesPerSeries, d.maxLabelNamesPerSeries()), num(maxLabelNameLength, d.maxLabelNameLength()),
                num(maxLabelValueLength, d.maxLabelValueLength()));
    }

    public Map<String, TenantLimits> overrides() {
        TenantLimits d = defaults();
        Map<String, TenantLimits> out = new LinkedHashMap<>();
        tenants.forEach((tenant, o) -> out.put(tenant, new TenantLimits(bytes(o.ingestionRate(), d.ingestionRateBytes()),
                bytes(o.ingestionBurst(), d.ingestionBurstBytes()), bytes(o.maxProfileSize(), d.maxProfileSizeBytes()),
                num(o.maxSeries(), d.maxSeries()), num(o.maxLabelNamesPerSeries(), d.maxLabelNamesPerSeries()),
                num(o.maxLabelNameLength(), d.maxLabelNameLength()), num(o.maxLabelValueLength(), d.maxLabelValueLength()))));
        return out;
    }

    private static long bytes(DataSize v, long fallback) {
        return v == null ? fallback : v.toBytes();
    }

    private static int num(Integer v, int fallback) {
        return v == null ? fallback : v;
    }
}
