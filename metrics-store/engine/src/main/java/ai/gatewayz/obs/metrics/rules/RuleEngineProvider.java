package ai.gatewayz.obs.metrics.rules;

/**
 * Service-provider hook ({@link java.util.ServiceLoader}) through which the PromQL engine offers
 * itself to the rule tool: a query function over any storage and an expression validator.
 * Implementations must be thread-safe.
 */
public interface RuleEngineProvider {
    StorageQueryFunc engine();

    ExpressionValidator validator();
}
