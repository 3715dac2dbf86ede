package ai.gatewayz.obs.metrics.storage.memory;

import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link MemoryStorage} per tenant. */
public final class MemoryTenantStorages implements TenantStorages {
    private final ConcurrentHashMap<String, MemoryStorage> storages = new ConcurrentHashMap<>();

    @Override
    public Storage forTenant(String tenant) {
        return storages.computeIfAbsent(tenant, t -> new MemoryStorage());
    }

    @Override
    public Set<String> tenants() {
        return new TreeSet<>(storages.keySet());
    }

    @Override
    public void close() {
        storages.values().forEach(MemoryStorage::close);
        storages.clear();
    }
}
