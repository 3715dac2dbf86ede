package ai.gatewayz.obs.metrics.storage;

import java.util.Set;

/**
 * One {@link Storage} per tenant ({@code X-Scope-OrgID}); tenants never see each other's data.
 * Thread-safe. Storages are created on first use and owned by this object, which closes them.
 */
public interface TenantStorages extends AutoCloseable {
    Storage forTenant(String tenant);

    /** Tenants that have a storage now. */
    Set<String> tenants();

    @Override
    void close();
}
