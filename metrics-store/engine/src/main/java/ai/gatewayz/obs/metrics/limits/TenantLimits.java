package ai.gatewayz.obs.metrics.limits;

/**
 * Per-tenant ingestion limits (Mimir's defaults). Zero disables a limit. Immutable.
 *
 * @param maxSeries active series held by the tenant's head
 * @param maxLabelsPerSeries label pairs per series, {@code __name__} included
 * @param maxLabelNameLength bytes of a label name
 * @param maxLabelValueLength bytes of a label value
 * @param ingestionRate samples (and exemplars) per second, sustained
 * @param ingestionBurst samples accepted at once above the rate
 */
public record TenantLimits(long maxSeries, int maxLabelsPerSeries, int maxLabelNameLength, int maxLabelValueLength,
        double ingestionRate, long ingestionBurst) {

    public static TenantLimits defaults() {
        return new TenantLimits(1_500_000, 30, 1024, 2048, 1_000_000, 2_000_000);
    }

    public static TenantLimits unlimited() {
        return new TenantLimits(0, 0, 0, 0, 0, 0);
    }
}
