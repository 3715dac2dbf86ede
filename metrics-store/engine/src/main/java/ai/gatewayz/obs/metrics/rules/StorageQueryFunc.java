package ai.gatewayz.obs.metrics.rules;

import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.List;

/**
 * A query engine not yet bound to a storage: the shape of the PromQL engine's entry point
 * ({@code PromqlQueryFunc.query(storage, expr, t)}). The rule-test runner binds it to the storage of
 * each test group. Thread-safe.
 */
@FunctionalInterface
public interface StorageQueryFunc {
    List<VectorSample> query(Storage storage, String expr, long timeMs);

    default QueryFunc bind(Storage storage) {
        return (expr, t) -> query(storage, expr, t);
    }
}
