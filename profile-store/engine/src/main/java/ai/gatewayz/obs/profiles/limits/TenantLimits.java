package ai.gatewayz.obs.profiles.limits;

/**
 * One tenant's ingest limits, named after Pyroscope's ({@code ingestion_rate_mb},
 * {@code ingestion_burst_size_mb}, {@code max_profile_size_bytes}, {@code max_global_series_per_tenant},
 * {@code max_label_names_per_series}, {@code max_label_name_length}, {@code max_label_value_length}).
 * A value of 0 switches that limit off. Immutable.
 *
 * @param ingestionRateBytes request bytes per second (as received, before decompression)
 * @param ingestionBurstBytes bucket size of the rate limit (raised to the rate when smaller)
 * @param maxProfileSizeBytes largest single profile payload as received (a body, a multipart part, a push sample)
 * @param maxSeries active series (label sets incl. profile type) per tenant
 * @param maxLabelNamesPerSeries labels per series, {@code __name__} included
 * @param maxLabelNameLength bytes (UTF-8) of a label name
 * @param maxLabelValueLength bytes (UTF-8) of a label value
 */
public record TenantLimits(long ingestionRateBytes, long ingestionBurstBytes, long maxProfileSizeBytes, int maxSeries,
                           int maxLabelNamesPerSeries, int maxLabelNameLength, int maxLabelValueLength) {

    /** Pyroscope's defaults, except a burst that holds two maximal profiles (Pyroscope: 2 MB). */
    public static final TenantLimits DEFAULTS = new TenantLimits(4L << 20, 8L << 20, 4L << 20, 5000, 30, 1024, 2048);

    /** No limit at all. */
    public static final TenantLimits UNLIMITED = new TenantLimits(0, 0, 0, 0, 0, 0, 0);

    public TenantLimits {
        if (ingestionRateBytes < 0 || ingestionBurstBytes < 0 || maxProfileSizeBytes < 0 || maxSeries < 0
                || maxLabelNamesPerSeries < 0 || maxLabelNameLength < 0 || maxLabelValueLength < 0) {
            throw new IllegalArgumentException("limits must not be negative [limits=" + describe(ingestionRateBytes,
                    ingestionBurstBytes, maxProfileSizeBytes, maxSeries, maxLabelNamesPerSeries, maxLabelNameLength,
                    maxLabelValueLength) + "]");
        }
    }

    private static String describe(long... v) {
        return java.util.Arrays.toString(v);
    }
}
