package ai.gatewayz.obs.metrics.server.rules;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring binding of the rule engine ({@code metrics.rules.*}, each overridable from the
 * environment, e.g. {@code METRICS_RULES_ALERTMANAGER_URLS}). The rule files, evaluation interval,
 * external labels and Alertmanagers come from the Prometheus configuration file ({@code CONFIG_FILE});
 * {@code alertmanagerUrls}, when set, replaces the configuration file's {@code alerting} targets.
 *
 * @param enabled          whether rules are loaded and evaluated at all
 * @param externalUrl      the URL this server is reached at, used in generatorURL and $externalURL
 * @param resendDelay      Prometheus's --rules.alert.resend-delay
 * @param queueCapacity    notification queue capacity (oldest alerts dropped beyond it)
 * @param maxBatchSize     alerts per POST
 * @param pollInterval     how often the scheduler checks for due groups; 0 disables scheduling (tests)
 * @param alertmanagerUrls base URLs (scheme://host:port[/prefix]) overriding the alerting block
 * @param tenant           the tenant whose data rules read and write
 */
@ConfigurationProperties("metrics.rules")
public record RulesProperties(Boolean enabled, String externalUrl, Duration resendDelay, Integer queueCapacity,
        Integer maxBatchSize, Duration pollInterval, List<String> alertmanagerUrls, String tenant) {

    public RulesProperties {
        enabled = enabled == null || enabled;
        externalUrl = externalUrl == null ? "" : externalUrl.replaceAll("/+$", "");
        resendDelay = resendDelay == null ? Duration.ofMinutes(1) : resendDelay;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        maxBatchSize = maxBatchSize == null ? 64 : maxBatchSize;
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        alertmanagerUrls = alertmanagerUrls == null ? List.of() : List.copyOf(alertmanagerUrls);
        tenant = tenant == null || tenant.isBlank() ? "anonymous" : tenant;
    }
}
