package ai.gatewayz.obs.alerts.config;

/** One {@code webhook_configs} entry. {@code maxAlerts} 0 = unlimited. Immutable. */
public record WebhookConfig(boolean sendResolved, String url, String urlFile, int maxAlerts, long timeoutMs) {
}
