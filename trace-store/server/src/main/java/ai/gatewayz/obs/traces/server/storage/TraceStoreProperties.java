package ai.gatewayz.obs.traces.server.storage;

import ai.gatewayz.obs.traces.disk.DiskOptions;
import ai.gatewayz.obs.traces.otlp.IngestLimits;
import ai.gatewayz.obs.traces.otlp.TenantLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code traces.*}: storage engine ({@code disk} or {@code memory}), cut/compaction/retention
 * timing (retention 7d unless set per tenant under {@code traces.tenant-retention.<tenant>}),
 * ingest limits and OTLP ports ({@code OTLP_GRPC_PORT}, {@code OTLP_HTTP_PORT}; -1 disables) and
 * the address they listen on ({@code traces.otlp-address}, {@code OTLP_BIND_ADDRESS}; by default the
 * API port's {@code server.address}, which ./suite sets from {@code SUITE_BIND_ADDRESS}, 127.0.0.1
 * unless told otherwise; blank means every interface, as Spring does for the API port).
 */
@ConfigurationProperties("traces")
public record TraceStoreProperties(
        @DefaultValue("disk") String engine,
        @DefaultValue("10s") Duration traceIdle,
        @DefaultValue("5m") Duration maxTraceLive,
        @DefaultValue("1h") Duration blockWindow,
        @DefaultValue("7d") Duration retention,
        Map<String, Duration> tenantRetention,
        @DefaultValue("5s") Duration maintenanceInterval,
        @DefaultValue("false") boolean walFsync,
        @DefaultValue("4317") int grpcPort,
        @DefaultValue("4318") int httpPort,
        @DefaultValue("") String otlpAddress,
        @DefaultValue("64MB") DataSize maxBody,
        @DefaultValue("20MB") DataSize ingestRate,
        @DefaultValue("40MB") DataSize ingestBurst,
        @DefaultValue("5MB") DataSize maxTraceBytes,
        @DefaultValue("10000") int maxLiveTraces,
        @DefaultValue("256") int maxAttributesPerSpan,
        @DefaultValue("65536") int maxAttributeValueLength,
        Map<String, LimitOverride> tenantLimits) {

    public TraceStoreProperties {
        tenantRetention = tenantRetention == null ? Map.of() : Map.copyOf(tenantRetention);
        tenantLimits = tenantLimits == null ? Map.of() : Map.copyOf(tenantLimits);
    }

    /**
     * Per-tenant overrides of the ingest limits, as Tempo's per-tenant {@code overrides}
     * ({@code traces.tenant-limits.<tenant>.max-live-traces=50000}); unset fields keep the defaults.
     */
    public record LimitOverride(DataSize ingestRate, DataSize ingestBurst, DataSize maxTraceBytes, Integer maxLiveTraces) {
    }

    /** The limits of each tenant: the defaults, with that tenant's overrides applied. Built once per tenant named in the overrides. */
    public java.util.function.Function<String, TenantLimits> limitsByTenant() {
        TenantLimits d = toLimits();
        Map<String, TenantLimits> byTenant = new java.util.HashMap<>();
        tenantLimits.forEach((tenant, o) -> byTenant.put(tenant, new TenantLimits(
                o.ingestRate() == null ? d.bytesPerSecond() : o.ingestRate().toBytes(),
                o.ingestBurst() == null ? d.burstBytes() : o.ingestBurst().toBytes(),
                o.maxTraceBytes() == null ? d.maxTraceBytes() : o.maxTraceBytes().toBytes(),
                o.maxLiveTraces() == null ? d.maxLiveTraces() : o.maxLiveTraces(), d.traceIdle(), d.spans())));
        return tenant -> byTenant.getOrDefault(tenant, d);
    }

    public DiskOptions toOptions(Path dir) {
        return new DiskOptions(dir, traceIdle, maxTraceLive, blockWindow, retention, tenantRetention, 64L << 20, walFsync);
    }

    public TenantLimits toLimits() {
        return new TenantLimits(ingestRate.toBytes(), ingestBurst.toBytes(), maxTraceBytes.toBytes(), maxLiveTraces, traceIdle,
                new IngestLimits(maxAttributesPerSpan, maxAttributeValueLength));
    }
}
