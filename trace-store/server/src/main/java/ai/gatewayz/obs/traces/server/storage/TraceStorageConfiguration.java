package ai.gatewayz.obs.traces.server.storage;

import ai.gatewayz.obs.http.ReadinessCheck;
import ai.gatewayz.obs.traces.disk.DiskTraceStorage;
import ai.gatewayz.obs.traces.generator.GeneratingAppender;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.server.generator.GeneratorConfiguration;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import ai.gatewayz.obs.traces.storage.SpanAppender;
import ai.gatewayz.obs.traces.storage.TraceStorage;
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
 * The trace storage (on disk under {@code DATA_DIR} unless {@code traces.engine=memory}; the WAL
 * is replayed before the bean exists), its maintenance timer, and the OTLP receiver both
 * transports share. Spring closes the storage at shutdown, which cuts live traces to a block.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TraceStoreProperties.class)
public class TraceStorageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TraceStorageConfiguration.class);

    @Bean(destroyMethod = "close")
    TraceStorage traceStorage(TraceStoreProperties props, @Value("${suite.data-dir}") String dataDir, ObjectProvider<Clock> clock) {
        if ("memory".equalsIgnoreCase(props.engine())) {
            log.warn("trace storage runs in memory: nothing survives a restart [traces.engine=memory]");
            return new MemoryTraceStorage();
        }
        Path dir = Path.of(dataDir).toAbsolutePath();
        DiskTraceStorage s = DiskTraceStorage.open(props.toOptions(dir), clock.getIfAvailable(Clock::systemUTC));
        var r = s.recovery();
        if (r.wal().repaired() || r.corruptBlocks() > 0 || r.badWalRecords() > 0) {
            log.warn("trace storage recovered damage [dir={}, walDroppedBytes={}, badWalRecords={}, corruptBlocks={}]", dir,
                    r.wal().droppedBytes(), r.badWalRecords(), r.corruptBlocks());
        }
        log.info("trace storage: disk [dir={}, blocks={}, walSpansReplayed={}, retention={}]", dir, r.blocksOpened(), r.walSpans(),
                props.retention());
        return s;
    }

    @Bean
    OtlpReceiver otlpReceiver(TraceStorage storage, TraceStoreProperties props, ObjectProvider<Clock> clock,
            ObjectProvider<GeneratorConfiguration.Running> generator) {
        // the metrics generator sees what was stored, after it is durable
        GeneratorConfiguration.Running g = generator.getIfAvailable();
        SpanAppender appender = g == null || !g.generator().anyEnabled() ? storage : new GeneratingAppender(storage, g.feed());
        return new OtlpReceiver(appender, props.limitsByTenant(), clock.getIfAvailable(Clock::systemUTC));
    }

    /** Idle-trace cuts, compaction and retention on a timer; stopped before the storage closes. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService traceMaintenance(TraceStorage storage, TraceStoreProperties props) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trace-maintenance");
            t.setDaemon(true);
            return t;
        });
        long ms = props.maintenanceInterval().toMillis();
        ex.scheduleWithFixedDelay(() -> {
            try {
                storage.maintain();
            } catch (RuntimeException e) {
                log.error("trace storage maintenance failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return ex;
    }

    @Bean
    ReadinessCheck traceStorageReady(TraceStorage storage) {
        return () -> null;
    }
}
