package ai.gatewayz.obs.logs.storage;

/**
 * One tenant's log storage: the seam between ingest and query. The in-memory implementation and
 * the on-disk engine are bound to one contract suite. Thread-safe: any number of appenders and
 * queriers may be in use at once. Owned by the tenant registry that created it, which closes it.
 */
public interface LogStorage extends AutoCloseable {
    LogAppender appender();

    LogQuerier querier();

    @Override
    void close();
}
