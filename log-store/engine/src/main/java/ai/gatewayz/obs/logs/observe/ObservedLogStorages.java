package ai.gatewayz.obs.logs.observe;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decorates the tenant storages so every appender reports its entries to the {@link CommitListener}s
 * after a successful commit (never after a rollback or a failed commit). Every ingest path (Loki
 * push, OTLP) goes through an appender, so listeners see all acknowledged writes; WAL replay at
 * startup does not. Thread-safe; closing it closes the delegate, which it owns.
 */
public final class ObservedLogStorages implements TenantLogStorages {
    private static final Logger log = LoggerFactory.getLogger(ObservedLogStorages.class);
    private final TenantLogStorages delegate;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

    public ObservedLogStorages(TenantLogStorages delegate) {
        this.delegate = delegate;
    }

    public void addListener(CommitListener l) {
        listeners.add(l);
    }

    public void removeListener(CommitListener l) {
        listeners.remove(l);
    }

    @Override
    public LogStorage forTenant(String tenant) {
        LogStorage s = delegate.forTenant(tenant);
        return new LogStorage() {
            @Override
            public LogAppender appender() {
                return new ObservedAppender(tenant, s.appender());
            }

            @Override
            public LogQuerier querier() {
                return s.querier();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    @Override
    public Set<String> tenants() {
        return delegate.tenants();
    }

    @Override
    public void maintain() {
        delegate.maintain();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class ObservedAppender implements LogAppender {
        private final String tenant;
        private final LogAppender inner;
        private List<CommitListener.Committed> staged = new ArrayList<>();

        ObservedAppender(String tenant, LogAppender inner) {
            this.tenant = tenant;
            this.inner = inner;
        }

        @Override
        public void append(Labels stream, LogEntry entry) {
            inner.append(stream, entry);
            if (!listeners.isEmpty()) {
                staged.add(new CommitListener.Committed(stream, entry));
            }
        }

        @Override
        public void commit() {
            inner.commit();
            List<CommitListener.Committed> done = staged;
            staged = new ArrayList<>();
            if (done.isEmpty()) {
                return;
            }
            List<CommitListener.Committed> view = List.copyOf(done);
            for (CommitListener l : listeners) {
                try {
                    l.committed(tenant, view);
                } catch (RuntimeException e) {
                    // A listener's defect must not turn an acknowledged write into an error.
                    log.error("commit listener failed [listener={}, tenant={}]", l.getClass().getSimpleName(), tenant, e);
                }
            }
        }

        @Override
        public void rollback() {
            staged.clear();
            inner.rollback();
        }
    }
}
