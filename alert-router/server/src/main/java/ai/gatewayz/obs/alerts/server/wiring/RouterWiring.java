package ai.gatewayz.obs.alerts.server.wiring;

import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.config.AlertmanagerConfig;
import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.alerts.server.mail.MailNotifierFactory;
import ai.gatewayz.obs.http.ReadinessCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the engine from the properties, loads the configuration and runs housekeeping. */
@Configuration
@EnableConfigurationProperties(AlertRouterProperties.class)
public class RouterWiring {
    private static final Logger log = LoggerFactory.getLogger(RouterWiring.class);

    /** The system clock, unless a test registered its own (a virtual clock it advances). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ConfigLoader configLoader() {
        return ConfigLoader.withSystemEnv();
    }

    @Bean
    ConfigSource configSource(AlertRouterProperties props, @Value("${config.file:${CONFIG_FILE:}}") String configFile) {
        String file = props.configFile() != null && !props.configFile().isBlank() ? props.configFile() : configFile;
        return new ConfigSource(file == null || file.isBlank() ? null : Path.of(file));
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService notifyExecutor() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }

    @Bean(destroyMethod = "close")
    AlertRouter alertRouter(AlertRouterProperties props, @Value("${suite.data-dir}") String dataDir, Clock clock,
                            ConfigLoader loader, ConfigSource source, ExecutorService notifyExecutor) {
        AlertRouter router = new AlertRouter(props.toOptions(Path.of(dataDir)), clock, loader, new MailNotifierFactory(clock),
                notifyExecutor, Thread::sleep);
        AlertmanagerConfig cfg = loader.load(source.read());
        router.start(cfg, true);
        log.info("alert-router started [config={}, receivers={}, dataDir={}]", source.describe(), cfg.receivers().keySet(), dataDir);
        return router;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService maintenance(AlertRouter router) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("alert-maintenance").unstarted(r));
        s.scheduleWithFixedDelay(() -> {
            try {
                router.maintenance();
            } catch (RuntimeException e) {
                log.warn("maintenance failed", e);
            }
        }, 1, 15, TimeUnit.MINUTES);
        return s;
    }

    @Bean
    ReadinessCheck configLoaded(AlertRouter router) {
        return () -> router.config() == null ? "configuration not loaded" : null;
    }

    /** Where the alertmanager.yml comes from: a file, or the bundled seed configuration. */
    public record ConfigSource(Path file) {
        public String read() {
            try {
                if (file != null) {
                    return Files.readString(file);
                }
                try (InputStream in = RouterWiring.class.getResourceAsStream("/alertmanager.yml")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new ai.gatewayz.obs.alerts.config.ConfigException("cannot read config file [file=" + file + ", error=" + e.getMessage() + "]", e);
            }
        }

        public String describe() {
            return file == null ? "classpath:alertmanager.yml" : file.toString();
        }
    }
}
