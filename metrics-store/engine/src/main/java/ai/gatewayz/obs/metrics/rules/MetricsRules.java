package ai.gatewayz.obs.metrics.rules;

import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleManager;
import ai.gatewayz.obs.rules.RulesOptions;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The shared rule engine (libs/rules) bound to metrics-store's storage: results are appended to it
 * and the for-state is read back from it.
 */
public final class MetricsRules {
    private MetricsRules() {
    }

    public static RuleManager manager(Storage storage, QueryFunc query, AlertSink sink, RulesOptions options, Clock clock,
            Executor executor) {
        return new RuleManager(new StorageResultWriter(storage), new StorageForStateReader(storage), query, sink, options,
                clock, executor);
    }

    public static RuleGroup group(RuleGroupSpec spec, Storage storage, QueryFunc query, AlertSink sink, RulesOptions options,
            boolean shouldRestore) {
        return new RuleGroup(spec, new StorageResultWriter(storage), new StorageForStateReader(storage), query, sink, options,
                shouldRestore);
    }
}
