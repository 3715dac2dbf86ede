package ai.gatewayz.obs.traces.storage;

/**
 * A whole trace store: both roles plus lifecycle. Implementations: {@code MemoryTraceStorage}
 * (tests, the TraceQL script corpus) and {@code DiskTraceStorage} (WAL + blocks).
 *
 * <p>Thread-safe. The creator owns the storage and must {@link #close()} it; {@link #maintain()}
 * is called periodically by one thread (the server's scheduler, or a test with a TestClock).
 */
public interface TraceStorage extends SpanAppender, TraceQuerier, AutoCloseable {
    /** Tenants that hold any data, sorted. */
    java.util.List<String> tenants();

    /** Background work driven by the injected clock: cut idle traces, compact, apply retention. */
    void maintain();

    @Override
    void close();
}
