package ai.gatewayz.obs.logs.storage.memory;

import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link MemoryLogStorage} per tenant. Thread-safe. */
public final class MemoryTenantLogStorages implements TenantLogStorages {
    private final ConcurrentHashMap<String, MemoryLogStorage> storages = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryTenantLogStorages(Clock clock) {
        this.clock = clock;
    }

    @Override
    public LogStorage forTenant(String tenant) {
        return storages.computeIfAbsent(tenant, t -> new MemoryLogStorage(clock));
    }

    @Override
    public Set<String> tenants() {
        return Set.copyOf(storages.keySet());
    }

    @Override
    public void close() {
        storages.values().forEach(MemoryLogStorage::close);
        storages.clear();
    }
}
