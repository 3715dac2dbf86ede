package ai.gatewayz.obs.traces.otlp;

import java.time.Duration;

/**
 * Ingest limits of one tenant, as Tempo's overrides name them.
 *
 * @param bytesPerSecond sustained OTLP body bytes per second (token bucket refill; Tempo's
 *     {@code ingestion_rate_limit_bytes})
 * @param burstBytes bucket size ({@code ingestion_burst_size_bytes})
 * @param maxTraceBytes bytes one live trace may reach over all its exports; spans beyond are
 *     rejected ({@code max_bytes_per_trace})
 * @param maxLiveTraces traces a tenant may have live (receiving spans) at once; an export that
 *     would open more is refused, retryably ({@code max_traces_per_user})
 * @param traceIdle a trace stops being live after this long without spans (the storage cuts it
 *     to a block after the same time)
 * @param spans per-span attribute limits
 */
public record TenantLimits(long bytesPerSecond, long burstBytes, long maxTraceBytes, int maxLiveTraces, Duration traceIdle,
        IngestLimits spans) {
    public static final TenantLimits DEFAULTS = new TenantLimits(20L << 20, 40L << 20, 5L << 20, 10_000, Duration.ofSeconds(10),
            IngestLimits.DEFAULTS);

    /** No rate, size or live-trace limit (benchmarks); the span limits stay the defaults. */
    public static TenantLimits unlimited() {
        return new TenantLimits(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, Integer.MAX_VALUE, Duration.ofSeconds(10),
                IngestLimits.DEFAULTS);
    }
}
