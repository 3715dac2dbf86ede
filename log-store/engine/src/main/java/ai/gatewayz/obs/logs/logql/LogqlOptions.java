package ai.gatewayz.obs.logs.logql;

/**
 * Per-query limits of the LogQL engine, with Loki's defaults.
 *
 * @param maxSeries most series a metric query may return ({@code max_query_series}, Loki default 500)
 * @param maxEntriesLimit largest {@code limit} a log query may ask for ({@code max_entries_limit_per_query}, 5000)
 * @param byteScan whether metric queries whose pipeline allows it run on the lines' bytes
 *     ({@link ai.gatewayz.obs.logs.logql.pipeline.ScanPlan}); off, every line goes through the String
 *     pipeline (the reference the byte path is tested against)
 * @param scanThreads most threads one byte-path query scans its streams' parts on (default: the
 *     machine's cores)
 */
public record LogqlOptions(int maxSeries, int maxEntriesLimit, boolean byteScan, int scanThreads) {
    public static final LogqlOptions DEFAULTS = new LogqlOptions(500, 5000);

    public LogqlOptions(int maxSeries, int maxEntriesLimit) {
        this(maxSeries, maxEntriesLimit, true, Runtime.getRuntime().availableProcessors());
    }

    public LogqlOptions withByteScan(boolean on) {
        return new LogqlOptions(maxSeries, maxEntriesLimit, on, scanThreads);
    }

    public LogqlOptions withScanThreads(int threads) {
        return new LogqlOptions(maxSeries, maxEntriesLimit, byteScan, Math.max(1, threads));
    }
}
