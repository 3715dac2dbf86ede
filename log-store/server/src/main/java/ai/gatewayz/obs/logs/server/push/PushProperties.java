package ai.gatewayz.obs.logs.server.push;

import ai.gatewayz.obs.logs.ingest.IngestLimits;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code log.push.*}: push limits with Loki's defaults (wire-protocols.md §3.5); {@code tenants.<id>.*}
 * overrides any of them per tenant.
 */
@ConfigurationProperties("log.push")
public record PushProperties(DataSize maxBodySize, DataSize maxDecodedSize, Limits defaults, Map<String, Limits> tenants) {
    public PushProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(100) : maxBodySize;
        maxDecodedSize = maxDecodedSize == null ? DataSize.ofMegabytes(500) : maxDecodedSize;
        defaults = defaults == null ? new Limits(null, null, null, null, null, null, null, null, null, null) : defaults;
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /** Any field left null takes the default (or, for a tenant, the server-wide value). */
    public record Limits(Integer maxLabelNamesPerSeries, DataSize maxLineSize, Duration rejectOldSamplesMaxAge,
            Duration creationGracePeriod, Duration outOfOrderWindow, DataSize ingestionRate, DataSize ingestionBurst,
            DataSize perStreamRate, DataSize perStreamBurst, Integer maxActiveStreams) {

        IngestLimits over(IngestLimits b) {
            return new IngestLimits(or(maxLabelNamesPerSeries, b.maxLabelNames()), b.maxLabelNameLength(),
                    b.maxLabelValueLength(), maxLineSize == null ? b.maxLineSize() : (int) maxLineSize.toBytes(),
                    b.rejectOldSamples(), or(rejectOldSamplesMaxAge, b.rejectOldSamplesMaxAge()),
                    or(creationGracePeriod, b.creationGracePeriod()), or(outOfOrderWindow, b.outOfOrderWindow()),
                    b.maxStructuredMetadataSize(), b.maxStructuredMetadataEntries(),
                    ingestionRate == null ? b.ingestionRateBytes() : ingestionRate.toBytes(),
                    ingestionBurst == null ? b.ingestionBurstBytes() : ingestionBurst.toBytes(),
                    perStreamRate == null ? b.perStreamRateBytes() : perStreamRate.toBytes(),
                    perStreamBurst == null ? b.perStreamBurstBytes() : perStreamBurst.toBytes(),
                    or(maxActiveStreams, b.maxActiveStreams()), b.discoverServiceName(), b.discoverLogLevels());
        }

        private static <T> T or(T v, T d) {
            return v == null ? d : v;
        }
    }

    public IngestLimits forTenant(String tenant) {
        IngestLimits base = defaults.over(IngestLimits.defaults());
        Limits t = tenants.get(tenant);
        return t == null ? base : t.over(base);
    }
}
