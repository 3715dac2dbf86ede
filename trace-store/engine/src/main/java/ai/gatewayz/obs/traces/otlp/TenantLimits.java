package ai.gatewayz.obs.traces.otlp;

/**
 * Ingest limits of one tenant.
 *
 * @param bytesPerSecond sustained OTLP body bytes per second (token bucket refill)
 * @param burstBytes bucket size
 * @param maxTraceBytes approximate bytes of one trace within one export; spans beyond are rejected
 * @param spans per-span attribute limits
 */
public record TenantLimits(long bytesPerSecond, long burstBytes, long maxTraceBytes, IngestLimits spans) {
    public static final TenantLimits DEFAULTS = new TenantLimits(20L << 20, 40L << 20, 5L << 20, IngestLimits.DEFAULTS);
}
