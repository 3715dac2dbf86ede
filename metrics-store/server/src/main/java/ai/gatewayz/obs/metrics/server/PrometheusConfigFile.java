package ai.gatewayz.obs.metrics.server;

import java.nio.file.Path;
import org.springframework.core.env.Environment;

/**
 * Where the prometheus.yml is: {@code --config.file} (Prometheus's flag) or {@code CONFIG_FILE}.
 * Scrape, rules and alerting all read this one file through {@code PrometheusConfigLoader}.
 * Stateless.
 */
public final class PrometheusConfigFile {
    private PrometheusConfigFile() {
    }

    /** The configured file, or null when none is set. */
    public static Path of(Environment env) {
        String file = env.getProperty("config.file", env.getProperty("CONFIG_FILE", ""));
        return file.isBlank() ? null : Path.of(file);
    }
}
