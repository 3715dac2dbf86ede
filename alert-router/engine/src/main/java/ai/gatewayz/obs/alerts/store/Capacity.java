package ai.gatewayz.obs.alerts.store;

/**
 * How many alerts the store may hold: in total, in bytes of labels and annotations, and per
 * {@code alertname} (Alertmanager's {@code --alerts.per-alertname-limit}). Zero or less means no
 * limit. Only new fingerprints are refused; an update of a held alert always goes in, so a flood can
 * never block the resolution of what is already firing.
 */
public record Capacity(int maxAlerts, long maxBytes, int perAlertname) {
    public static final Capacity UNLIMITED = new Capacity(0, 0, 0);

    /** Why a new alert does not fit, or null when it does. */
    String refusal(int count, long bytes, long alertBytes, int sameName) {
        if (maxAlerts > 0 && count + 1 > maxAlerts) {
            return "too many alerts in memory [limit=" + maxAlerts + "]";
        }
        if (maxBytes > 0 && bytes + alertBytes > maxBytes) {
            return "alerts in memory too large [limit_bytes=" + maxBytes + "]";
        }
        if (perAlertname > 0 && sameName + 1 > perAlertname) {
            return "too many alerts for this alertname [limit=" + perAlertname + "]";
        }
        return null;
    }
}
