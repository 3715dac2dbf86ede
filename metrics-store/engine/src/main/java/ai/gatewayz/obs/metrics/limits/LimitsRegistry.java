package ai.gatewayz.obs.metrics.limits;

import java.util.Map;

/** Default limits plus per-tenant overrides. Immutable, thread-safe. */
public record LimitsRegistry(TenantLimits defaults, Map<String, TenantLimits> overrides) {
    public LimitsRegistry {
        overrides = Map.copyOf(overrides);
    }

    public TenantLimits forTenant(String tenant) {
        return overrides.getOrDefault(tenant, defaults);
    }
}
