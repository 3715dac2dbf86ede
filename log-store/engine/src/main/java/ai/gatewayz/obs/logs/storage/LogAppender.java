package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.Labels;

/**
 * Collects entries for one push and makes them durable and visible together on {@link #commit()}:
 * once commit returns, the entries are in the write-ahead log (on-disk storage) and every querier
 * created afterwards sees them. {@link #rollback()} discards them. Validation of labels, sizes and
 * limits is the ingest layer's job; storage checks only what it alone can know (a duplicate entry,
 * identical timestamp and line in one stream, is stored once). Not thread-safe; one appender per
 * push, used by one thread, then discarded.
 */
public interface LogAppender {
    /** Stages one entry of the stream with these index labels. */
    void append(Labels stream, LogEntry entry);

    /** Writes the staged entries durably, then makes them visible; throws {@code SuiteException} (UNAVAILABLE) on a storage fault, leaving nothing visible. */
    void commit();

    void rollback();
}
