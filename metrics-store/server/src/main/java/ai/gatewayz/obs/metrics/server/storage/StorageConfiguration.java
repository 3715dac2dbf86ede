package ai.gatewayz.obs.metrics.server.storage;

import ai.gatewayz.obs.http.ReadinessCheck;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import ai.gatewayz.obs.metrics.storage.memory.MemoryTenantStorages;
import ai.gatewayz.obs.metrics.tsdb.TsdbTenantStorages;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which storage the server runs on: the on-disk TSDB under {@code DATA_DIR} (one directory per
 * tenant; the WAL is replayed before the server reports ready), or memory when
 * {@code metrics.storage.engine=memory}. Closed by Spring at shutdown (writes a checkpoint).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MetricsStorageProperties.class, MetricsLimitsProperties.class})
public class StorageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean(destroyMethod = "close")
    TenantStorages tenantStorages(MetricsStorageProperties props, MetricsLimitsProperties limits,
            @Value("${suite.data-dir}") String dataDir, ObjectProvider<Clock> clock) {
        if ("memory".equalsIgnoreCase(props.engine())) {
            log.warn("metrics storage runs in memory: nothing survives a restart [metrics.storage.engine=memory]");
            return new MemoryTenantStorages();
        }
        Path dir = Path.of(dataDir).toAbsolutePath();
        log.info("metrics storage: TSDB [dir={}, retention={}, retentionSize={}, blockRange={}]", dir, props.retention(),
                props.retentionSize(), props.blockRange());
        LimitsRegistry registry = limits.toRegistry();
        return new TsdbTenantStorages(dir, tenant -> props.toOptions(registry.forTenant(tenant).maxSeries()),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    LimitsRegistry limitsRegistry(MetricsLimitsProperties limits) {
        return limits.toRegistry();
    }

    /** Head cuts, block compaction, retention and checkpoints on a timer; stopped before the storages close. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService tsdbMaintenance(TenantStorages storages, MetricsStorageProperties props) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tsdb-maintenance");
            t.setDaemon(true);
            return t;
        });
        if (storages instanceof TsdbTenantStorages tsdb) {
            long ms = props.maintenanceInterval().toMillis();
            ex.scheduleWithFixedDelay(() -> {
                try {
                    tsdb.maintain();
                } catch (RuntimeException e) {
                    log.error("TSDB maintenance failed", e);
                }
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
        return ex;
    }

    /** Ready once the storages exist, i.e. every tenant's WAL has been replayed. */
    @Bean
    ReadinessCheck storageReady(TenantStorages storages) {
        return () -> null;
    }
}
