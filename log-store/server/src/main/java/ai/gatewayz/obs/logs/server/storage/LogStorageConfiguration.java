package ai.gatewayz.obs.logs.server.storage;

import ai.gatewayz.obs.http.ReadinessCheck;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.logs.storage.disk.DiskTenantLogStorages;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
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
 * The log storage the server runs on: on disk under {@code DATA_DIR} (every tenant's WAL replayed
 * while this bean is built, so readiness follows), or memory with {@code log.storage.engine=memory}.
 * Flush, compaction and retention run on one timer thread, stopped before the storages close.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LogStorageProperties.class)
public class LogStorageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(LogStorageConfiguration.class);

    @Bean(destroyMethod = "close")
    TenantLogStorages tenantLogStorages(LogStorageProperties props, @Value("${suite.data-dir}") String dataDir,
            ObjectProvider<Clock> clock) {
        Clock c = clock.getIfAvailable(Clock::systemUTC);
        if ("memory".equalsIgnoreCase(props.engine())) {
            log.warn("log storage runs in memory: nothing survives a restart [log.storage.engine=memory]");
            return new MemoryTenantLogStorages(c);
        }
        Path dir = Path.of(dataDir).toAbsolutePath();
        log.info("log storage: disk [dir={}, retention={}, flushAge={}, blockRange={}]", dir, props.retention(),
                props.flushAge(), props.blockRange());
        return new DiskTenantLogStorages(dir, props::toOptions, c);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService logStorageMaintenance(TenantLogStorages storages, LogStorageProperties props) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-storage-maintenance");
            t.setDaemon(true);
            return t;
        });
        long ms = props.maintenanceInterval().toMillis();
        ex.scheduleWithFixedDelay(() -> {
            try {
                storages.maintain();
            } catch (RuntimeException e) {
                log.error("log storage maintenance failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return ex;
    }

    /** Ready once the storages exist, i.e. every tenant's WAL has been replayed. */
    @Bean
    ReadinessCheck logStorageReady(TenantLogStorages storages) {
        return () -> null;
    }
}
