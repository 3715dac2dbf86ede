package ai.gatewayz.obs.profiles.storage;

/**
 * The storage seam of profile-store: per tenant, an {@link ProfileAppender} for ingest and a
 * {@link ProfileQuerier} for the query API. Implemented in memory ({@link MemoryProfileStorage})
 * and on disk ({@code DiskProfileStorage}); both are bound to one contract test suite.
 *
 * <p>Thread-safe. The storage owns its files and background-free state; {@link #maintain()} is
 * called by the owner's scheduler (compaction into blocks, retention) and {@link #close()} once at
 * shutdown.
 */
public interface ProfileStorage extends AutoCloseable {
    ProfileAppender appender(String tenant);

    ProfileQuerier querier(String tenant);

    /** Persists finished work (blocks), applies retention and frees what it may. */
    void maintain();

    /** Storage-wide counters for self-metrics and benchmarks. */
    StorageStats stats();

    @Override
    void close();
}
