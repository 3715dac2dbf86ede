package ai.gatewayz.obs.logs.storage.memory;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.head.Head;
import ai.gatewayz.obs.logs.storage.read.PartsQuerier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One tenant's logs in memory only: a single head that never flushes. For tests and
 * {@code log.storage.engine=memory}; nothing survives a restart. Thread-safe.
 */
public final class MemoryLogStorage implements LogStorage {
    private final Head head = new Head();
    private final Clock clock;

    public MemoryLogStorage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public LogAppender appender() {
        return new LogAppender() {
            private final List<Labels> streams = new ArrayList<>();
            private final List<LogEntry> entries = new ArrayList<>();

            @Override
            public void append(Labels stream, LogEntry entry) {
                streams.add(stream);
                entries.add(entry);
            }

            @Override
            public void commit() {
                try {
                    head.commit(streams, entries, clock.millis());
                } finally {
                    rollback();
                }
            }

            @Override
            public void rollback() {
                streams.clear();
                entries.clear();
            }
        };
    }

    @Override
    public LogQuerier querier() {
        return new PartsQuerier(List.of(head.snapshot()), () -> {});
    }

    @Override
    public void close() {
        // Nothing to release: the head is garbage once the storage is dropped.
    }
}
