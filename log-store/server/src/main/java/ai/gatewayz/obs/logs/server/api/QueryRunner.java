package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlOptions;
import ai.gatewayz.obs.logs.logql.LogqlQueries;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Runs a LogQL query for a tenant on a worker (virtual) thread under the tenant's timeout; the
 * querier is opened and closed on that thread. A query past its timeout is interrupted and answered
 * 504. Thread-safe; the executor is shut down with the context.
 */
@Component
public class QueryRunner implements AutoCloseable {
    private final TenantLogStorages storages;
    private final QueryLimitsProperties limits;
    private final ConcurrentHashMap<String, LogqlQueries> engines = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public QueryRunner(TenantLogStorages storages, QueryLimitsProperties limits) {
        this.storages = storages;
        this.limits = limits;
    }

    LogqlQueries engine(String tenant) {
        return engines.computeIfAbsent(tenant, t -> {
            QueryLimitsProperties.Limits l = limits.forTenant(t);
            return new LogqlEngine(new LogqlOptions(l.maxQuerySeries(), l.maxEntriesLimitPerQuery()));
        });
    }

    public LogqlResult run(String tenant, LogqlRequest request) {
        LogqlQueries engine = engine(tenant);
        Duration timeout = limits.forTenant(tenant).queryTimeout();
        Future<LogqlResult> f = workers.submit(() -> {
            try (LogQuerier q = storages.forTenant(tenant).querier()) {
                return engine.evaluate(q, request);
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw QueryErrors.timeout();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw QueryErrors.interrupted();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SuiteException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
