package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.StorageErrors;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link DiskLogStorage} per tenant under {@code <root>/<tenant>/}. Every tenant found on disk
 * is opened (its WAL replayed) in the constructor, so the registry is complete before the server
 * reports ready. Tenant ids are validated by the HTTP layer and safe as directory names. Thread-safe.
 */
public final class DiskTenantLogStorages implements TenantLogStorages {
    private static final Logger log = LoggerFactory.getLogger(DiskTenantLogStorages.class);

    private final Path root;
    private final Function<String, DiskStorageOptions> options;
    private final Clock clock;
    private final ConcurrentHashMap<String, DiskLogStorage> storages = new ConcurrentHashMap<>();

    public DiskTenantLogStorages(Path root, Function<String, DiskStorageOptions> options, Clock clock) {
        this.root = root;
        this.options = options;
        this.clock = clock;
        try {
            Files.createDirectories(root);
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.filter(Files::isDirectory).toList()) {
                    forTenant(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw StorageErrors.openFailed("*", e);
        }
    }

    @Override
    public DiskLogStorage forTenant(String tenant) {
        return storages.computeIfAbsent(tenant, t -> {
            DiskLogStorage s = DiskLogStorage.open(t, root.resolve(t), options.apply(t), clock);
            log.info("log storage open [tenant={}, blocks={}, walRecords={}, entries={}]", t, s.recovery().blocksOpened(),
                    s.recovery().recordsReplayed(), s.recovery().entriesReplayed());
            return s;
        });
    }

    @Override
    public Set<String> tenants() {
        return Set.copyOf(storages.keySet());
    }

    @Override
    public void maintain() {
        for (DiskLogStorage s : storages.values()) {
            s.maintain();
        }
    }

    @Override
    public void close() {
        storages.values().forEach(DiskLogStorage::close);
        storages.clear();
    }
}
