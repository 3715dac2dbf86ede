package ai.gatewayz.obs.logs.logql;

/**
 * Per-query limits of the LogQL engine, with Loki's defaults.
 *
 * @param maxSeries most series a metric query may return ({@code max_query_series}, Loki default 500)
 * @param maxEntriesLimit largest {@code limit} a log query may ask for ({@code max_entries_limit_per_query}, 5000)
 */
public record LogqlOptions(int maxSeries, int maxEntriesLimit) {
    public static final LogqlOptions DEFAULTS = new LogqlOptions(500, 5000);
}
