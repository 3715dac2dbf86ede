package ai.gatewayz.obs.profiles.limits;

import java.util.Map;

/**
 * Where the limits of a tenant come from (configuration defaults plus per-tenant overrides).
 * Implementations are thread-safe and cheap to call on every request.
 */
@FunctionalInterface
public interface TenantLimitsSource {
    TenantLimits limits(String tenant);

    /** The same limits for every tenant except those listed. */
    static TenantLimitsSource of(TenantLimits defaults, Map<String, TenantLimits> overrides) {
        Map<String, TenantLimits> copy = Map.copyOf(overrides);
        return tenant -> copy.getOrDefault(tenant, defaults);
    }
}
