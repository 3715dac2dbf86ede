package ai.gatewayz.obs.profiles.server.storage;

import ai.gatewayz.obs.http.ReadinessCheck;
import ai.gatewayz.obs.profiles.ingest.JfrConverter;
import ai.gatewayz.obs.profiles.ingest.LegacyIngest;
import ai.gatewayz.obs.profiles.ingest.PushIngest;
import ai.gatewayz.obs.profiles.pprof.PprofDecoder;
import ai.gatewayz.obs.profiles.settings.FileTenantSettings;
import ai.gatewayz.obs.profiles.settings.MemoryTenantSettings;
import ai.gatewayz.obs.profiles.settings.TenantSettings;
import ai.gatewayz.obs.profiles.storage.DiskProfileStorage;
import ai.gatewayz.obs.profiles.storage.MemoryProfileStorage;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The profile storage (on disk under {@code DATA_DIR}, WAL replayed before the server is ready, or
 * memory with {@code profiles.storage.engine=memory}), its maintenance timer and the ingest decoders.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProfileStorageProperties.class)
public class ProfileStorageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ProfileStorageConfiguration.class);

    /** The wall clock; a test configuration may supply its own {@code Clock} bean instead. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(Clock.class)
    Clock profileClock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    ProfileStorage profileStorage(ProfileStorageProperties props, @Value("${suite.data-dir:data/profile-store}") String dataDir, Clock profileClock) {
        if ("memory".equalsIgnoreCase(props.engine())) {
            log.warn("profile storage runs in memory: nothing survives a restart [profiles.storage.engine=memory]");
            return new MemoryProfileStorage(props.toOptions(), profileClock);
        }
        Path dir = Path.of(dataDir).toAbsolutePath();
        log.info("profile storage: disk [dir={}, retention={}, partition={}]", dir, props.retention(), props.partition());
        return DiskProfileStorage.open(dir, props.toOptions(), profileClock);
    }

    /** settings.v1 values: beside the blocks under DATA_DIR/settings, or in memory with the memory engine. */
    @Bean
    TenantSettings tenantSettings(ProfileStorageProperties props, @Value("${suite.data-dir:data/profile-store}") String dataDir) {
        if ("memory".equalsIgnoreCase(props.engine())) {
            return new MemoryTenantSettings();
        }
        return new FileTenantSettings(Path.of(dataDir).toAbsolutePath().resolve("settings"));
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService profileMaintenance(ProfileStorage storage, ProfileStorageProperties props) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "profile-maintenance");
            t.setDaemon(true);
            return t;
        });
        long ms = props.maintenanceInterval().toMillis();
        ex.scheduleWithFixedDelay(() -> {
            try {
                storage.maintain();
            } catch (RuntimeException e) {
                log.error("profile storage maintenance failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return ex;
    }

    @Bean
    PprofDecoder pprofDecoder(ProfileStorageProperties props) {
        return new PprofDecoder(props.maxBodySize().toBytes());
    }

    @Bean
    LegacyIngest legacyIngest(PprofDecoder pprof, ProfileStorageProperties props) {
        return new LegacyIngest(pprof, new JfrConverter(Path.of(System.getProperty("java.io.tmpdir")), props.maxBodySize().toBytes()));
    }

    @Bean
    PushIngest pushIngest(PprofDecoder pprof) {
        return new PushIngest(pprof);
    }

    /** Ready once the storage exists, i.e. its blocks are loaded and the WAL replayed. */
    @Bean
    ReadinessCheck profileStorageReady(ProfileStorage storage) {
        return () -> null;
    }
}
