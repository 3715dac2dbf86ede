package ai.gatewayz.obs.alerts.server.wiring;

import ai.gatewayz.obs.alerts.RouterOptions;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring binding of the router's settings ({@code alerts.*}). The configuration file comes from
 * {@code --config.file}, else {@code CONFIG_FILE}, else the bundled seed configuration.
 */
@ConfigurationProperties(prefix = "alerts")
public record AlertRouterProperties(String configFile, String externalUrl, String dataRetention, Integer maxAttempts,
                                    Integer maxInFlightPerIntegration, Integer perAlertnameLimit, IngestLimits limits) {

    /** {@code alerts.per-alertname-limit} as Alertmanager's flag of that name; 0 (default): no limit. */
    public int perAlertname() {
        return perAlertnameLimit == null ? 0 : perAlertnameLimit;
    }

    /** {@code alerts.limits.*}; the defaults of {@link IngestLimits} where absent. */
    public IngestLimits ingestLimits() {
        return limits == null ? IngestLimits.DEFAULTS : limits.withDefaults();
    }

    public RouterOptions toOptions(Path dataDir) {
        RouterOptions d = RouterOptions.defaults(dataDir);
        long retention = dataRetention == null || dataRetention.isBlank() ? d.silenceRetentionMs()
                : ai.gatewayz.obs.common.Durations.parse(dataRetention);
        return new RouterOptions(dataDir, externalUrl == null || externalUrl.isBlank() ? d.externalUrl() : externalUrl,
                retention, retention, d.resolvedRetentionMs(), maxAttempts == null ? d.maxAttempts() : maxAttempts,
                "Alertmanager/0.27.0 (alert-router)",
                maxInFlightPerIntegration == null ? d.maxInFlightPerIntegration() : maxInFlightPerIntegration);
    }
}
