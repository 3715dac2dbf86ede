package ai.gatewayz.obs.alerts.config;

import java.util.List;

/**
 * A named receiver. Email and webhook integrations are delivered; other integration types
 * (slack, pagerduty, ...) are validated at load time and listed in {@code otherIntegrations},
 * but the router does not deliver to them. Immutable.
 */
public record Receiver(String name, List<EmailConfig> emailConfigs, List<WebhookConfig> webhookConfigs,
                       List<String> otherIntegrations) {
}
