package ai.gatewayz.obs.logs.storage;

import java.util.Set;

/**
 * The storages of every tenant, created on first use; a tenant's data is invisible to every other.
 * Thread-safe. Owns the storages it created and closes them in {@link #close()}.
 */
public interface TenantLogStorages extends AutoCloseable {
    LogStorage forTenant(String tenant);

    /** Tenants with a storage open now. */
    Set<String> tenants();

    /** Periodic work (flush, compaction, retention); a no-op where there is none. */
    default void maintain() {
    }

    @Override
    void close();
}
