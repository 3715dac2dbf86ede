package ai.gatewayz.obs.profiles.storage;

import java.time.Clock;

/**
 * Profiles kept in heap partitions only: no WAL, nothing survives a restart. For tests and for
 * running without a data directory. Thread-safe.
 */
public final class MemoryProfileStorage implements ProfileStorage {
    private final PartitionedProfiles state;

    public MemoryProfileStorage(StorageOptions options, Clock clock) {
        this.state = new PartitionedProfiles(options, clock);
    }

    @Override
    public ProfileAppender appender(String tenant) {
        return profiles -> profiles.forEach(p -> state.add(tenant, p));
    }

    @Override
    public ProfileQuerier querier(String tenant) {
        return state.querier(tenant);
    }

    @Override
    public void maintain() {
        state.seal();
        state.expire();
    }

    @Override
    public StorageStats stats() {
        return state.stats(0);
    }

    @Override
    public void close() {
    }
}
