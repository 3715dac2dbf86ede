package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One {@link Tsdb} per tenant under {@code <dataDir>/tenants/<tenant>/}. Tenants found on disk are
 * opened (their WAL replayed) at construction, so a restart serves everything acknowledged before.
 * Tenant ids are validated by the HTTP layer (Mimir's character set, no "." or ".."). Thread-safe.
 */
public final class TsdbTenantStorages implements TenantStorages {
    private final Path root;
    private final java.util.function.Function<String, TsdbOptions> opts;
    private final Clock clock;
    private final java.util.function.UnaryOperator<WalWriter> walDecorator;
    private final ConcurrentHashMap<String, Tsdb> dbs = new ConcurrentHashMap<>();

    public TsdbTenantStorages(Path dataDir, TsdbOptions opts, Clock clock) {
        this(dataDir, t -> opts, clock);
    }

    /** With options per tenant (e.g. a per-tenant series limit). */
    public TsdbTenantStorages(Path dataDir, java.util.function.Function<String, TsdbOptions> opts, Clock clock) {
        this(dataDir, opts, clock, java.util.function.UnaryOperator.identity());
    }

    /** With every tenant's WAL writer wrapped by {@code walDecorator} (fault injection in tests). */
    public TsdbTenantStorages(Path dataDir, java.util.function.Function<String, TsdbOptions> opts, Clock clock,
            java.util.function.UnaryOperator<WalWriter> walDecorator) {
        this.root = dataDir.resolve("tenants");
        this.opts = opts;
        this.clock = clock;
        this.walDecorator = walDecorator;
        try {
            Files.createDirectories(root);
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).forEach(p -> forTenant(p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Storage forTenant(String tenant) {
        return tsdb(tenant);
    }

    public Tsdb tsdb(String tenant) {
        if (tenant.isEmpty() || tenant.equals(".") || tenant.equals("..") || tenant.contains("/")) {
            throw new IllegalArgumentException("invalid tenant directory name [tenant=" + tenant + "]");
        }
        return dbs.computeIfAbsent(tenant, t -> Tsdb.open(root.resolve(t), opts.apply(t), clock, walDecorator));
    }

    @Override
    public Set<String> tenants() {
        return new TreeSet<>(dbs.keySet());
    }

    /** Runs head cuts, block compaction, retention and checkpoints on every tenant. */
    public void maintain() {
        dbs.values().forEach(Tsdb::maintain);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Tsdb db : dbs.values()) {
            try {
                db.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        dbs.clear();
        if (first != null) {
            throw first;
        }
    }
}
