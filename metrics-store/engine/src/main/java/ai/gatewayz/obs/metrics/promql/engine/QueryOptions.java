package ai.gatewayz.obs.metrics.promql.engine;

/**
 * Engine limits and defaults. {@code lookbackDeltaMs}: how far back an instant selector looks (5m);
 * {@code maxSamples}: points held in memory at once (Prometheus's --query.max-samples);
 * {@code timeoutMs}: per-query wall-clock limit; {@code maxSeries}: series in one result (0 = off);
 * {@code defaultSubqueryStepMs}: resolution of {@code [r:]} subqueries.
 */
public record QueryOptions(long lookbackDeltaMs, long maxSamples, long timeoutMs, int maxSeries,
                           long defaultSubqueryStepMs, int maxPointsPerSeries) {
    public static final QueryOptions DEFAULTS = new QueryOptions(300_000, 50_000_000, 120_000, 0, 60_000, 11_000);

    public QueryOptions withTimeout(long ms) {
        return new QueryOptions(lookbackDeltaMs, maxSamples, ms, maxSeries, defaultSubqueryStepMs, maxPointsPerSeries);
    }

    public QueryOptions withLookback(long ms) {
        return new QueryOptions(ms, maxSamples, timeoutMs, maxSeries, defaultSubqueryStepMs, maxPointsPerSeries);
    }

    public QueryOptions withMaxSamples(long n) {
        return new QueryOptions(lookbackDeltaMs, n, timeoutMs, maxSeries, defaultSubqueryStepMs, maxPointsPerSeries);
    }
}
