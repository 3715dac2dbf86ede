package ai.gatewayz.obs.alerts.server.wiring;

import ai.gatewayz.obs.alerts.AlertLimits;
import ai.gatewayz.obs.alerts.store.Capacity;
import org.springframework.util.unit.DataSize;

/**
 * {@code alerts.limits.*}: what one post to {@code /api/v2/alerts} may carry and how much the router
 * holds. Alertmanager 0.25 has none of these (only the later {@code --alerts.per-alertname-limit});
 * Mimir's Alertmanager has the last two as {@code max_alerts_count} and {@code max_alerts_size_bytes}.
 * The byte cap on held alerts is what bounds memory, whatever the count.
 *
 * @param maxRequestSize     body of one post (413)
 * @param maxAlertsPerRequest alerts in one post (413)
 * @param maxLabelsSize      labels of one alert, names and values (that alert is invalid: 400)
 * @param maxAnnotationsSize annotations of one alert (that alert is invalid: 400)
 * @param maxAlerts          alerts held, firing or recently resolved (new ones over it: 429)
 * @param maxAlertsSize      bytes of labels and annotations held (new ones over it: 429)
 */
public record IngestLimits(DataSize maxRequestSize, Integer maxAlertsPerRequest, DataSize maxLabelsSize,
                           DataSize maxAnnotationsSize, Integer maxAlerts, DataSize maxAlertsSize) {
    public static final IngestLimits DEFAULTS = new IngestLimits(DataSize.ofMegabytes(4), 1000, DataSize.ofKilobytes(16),
            DataSize.ofKilobytes(64), 20_000, DataSize.ofMegabytes(128));

    IngestLimits withDefaults() {
        return new IngestLimits(or(maxRequestSize, DEFAULTS.maxRequestSize), or(maxAlertsPerRequest, DEFAULTS.maxAlertsPerRequest),
                or(maxLabelsSize, DEFAULTS.maxLabelsSize), or(maxAnnotationsSize, DEFAULTS.maxAnnotationsSize),
                or(maxAlerts, DEFAULTS.maxAlerts), or(maxAlertsSize, DEFAULTS.maxAlertsSize));
    }

    public AlertLimits toAlertLimits(int perAlertname) {
        return new AlertLimits(maxLabelsSize.toBytes(), maxAnnotationsSize.toBytes(),
                new Capacity(maxAlerts, maxAlertsSize.toBytes(), perAlertname));
    }

    private static <T> T or(T v, T d) {
        return v == null ? d : v;
    }
}
