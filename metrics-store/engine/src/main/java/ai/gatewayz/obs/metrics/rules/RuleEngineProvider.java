package ai.gatewayz.obs.metrics.rules;

import ai.gatewayz.obs.rules.ExpressionValidator;

/**
 * Service-provider hook ({@link java.util.ServiceLoader}) through which the PromQL engine offers
 * itself to the rule tool: a query function over any storage and an expression validator.
 * Implementations must be thread-safe.
 */
public interface RuleEngineProvider {
    StorageQueryFunc engine();

    ExpressionValidator validator();
}
