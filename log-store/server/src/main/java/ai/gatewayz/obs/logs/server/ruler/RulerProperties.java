package ai.gatewayz.obs.logs.server.ruler;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code log.ruler.*}: the suite's defaults for the ruler, each overridable from the environment
 * ({@code LOG_RULER_TICK_INTERVAL=0}); the {@code ruler:} block of {@code CONFIG_FILE} (Loki's format)
 * wins where it sets a key. Remote write and alerting fall back to the compose/Railway variables
 * {@code METRICS_STORE_URL} (remote write to {@code <url>/api/v1/write}) and {@code ALERTMANAGER_URL}.
 *
 * @param enabled            whether rules are loaded and evaluated at all
 * @param enableApi          whether the ruler API is served (Loki's {@code ruler.enable_api})
 * @param evaluationInterval default group interval (Loki's {@code ruler.evaluation_interval}, 1m)
 * @param pollInterval       how often the rule directory is re-read (Loki's {@code ruler.poll_interval}, 1m)
 * @param tickInterval       how often due groups are looked for; 0 disables scheduling (tests drive ticks)
 * @param directory          rule storage ({@code <dir>/<tenant>/<namespace>}); default {@code DATA_DIR/rules}
 * @param remoteWriteUrl     remote write endpoint when the configuration file has no {@code remote_write}
 * @param alertmanagerUrl    Alertmanager base URLs (comma-separated) when the configuration file has none
 * @param externalUrl        the URL the ruler is reached at (generatorURL, {@code $externalURL})
 * @param resendDelay        Prometheus's --rules.alert.resend-delay
 * @param queueCapacity      notification queue capacity (oldest alerts dropped beyond it)
 * @param remoteWriteCapacity samples queued per remote-write shard while the receiver is down
 * @param remoteWriteMaxSampleAge samples older than this are dropped instead of retried (0: retry forever)
 * @param seedDirectory      bundled rule files ({@code <dir>/<tenant>/<namespace>}) written into the rule
 *                           directory at every start, replacing namespaces of the same name (the deployment
 *                           owns them; deploy/log-rules in ./suite and the image); empty: none
 */
@ConfigurationProperties("log.ruler")
public record RulerProperties(Boolean enabled, Boolean enableApi, Duration evaluationInterval, Duration pollInterval,
        Duration tickInterval, String directory, String remoteWriteUrl, String alertmanagerUrl, String externalUrl,
        Duration resendDelay, Integer queueCapacity, Integer remoteWriteCapacity, Duration remoteWriteMaxSampleAge,
        String seedDirectory) {

    public RulerProperties {
        enabled = enabled == null || enabled;
        enableApi = enableApi == null || enableApi;
        evaluationInterval = evaluationInterval == null ? Duration.ofMinutes(1) : evaluationInterval;
        pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
        tickInterval = tickInterval == null ? Duration.ofMillis(200) : tickInterval;
        directory = directory == null ? "" : directory;
        remoteWriteUrl = remoteWriteUrl == null ? "" : remoteWriteUrl;
        alertmanagerUrl = alertmanagerUrl == null ? "" : alertmanagerUrl;
        externalUrl = externalUrl == null ? "" : externalUrl.replaceAll("/+$", "");
        resendDelay = resendDelay == null ? Duration.ofMinutes(1) : resendDelay;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        remoteWriteCapacity = remoteWriteCapacity == null ? 10_000 : remoteWriteCapacity;
        remoteWriteMaxSampleAge = remoteWriteMaxSampleAge == null ? Duration.ofHours(1) : remoteWriteMaxSampleAge;
        seedDirectory = seedDirectory == null ? "" : seedDirectory;
    }
}
