package ai.gatewayz.obs.logs.observe;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogEntry;
import java.util.List;

/**
 * Told about entries once their push has been committed (durable and visible), in push order, so
 * consumers that follow the live stream (pattern mining, live tail) see exactly what a query would
 * see. Called on the pushing thread: implementations must be thread-safe, fast and must not throw;
 * they must not keep the list, only what they copy out of it.
 */
public interface CommitListener {
    /** One committed push of a tenant. */
    void committed(String tenant, List<Committed> entries);

    /** One entry with its stream's index labels (after service_name discovery). Immutable. */
    record Committed(Labels stream, LogEntry entry) {
    }
}
