package ai.gatewayz.obs.jsonproxy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code proxy.*}: where the backend is ({@code GATEWAY_URL}, default the local gateway-sim), how
 * often to poll it (0 = never, tests poll by hand), how many snapshots of history to keep, and an
 * optional API key for the backend.
 */
@ConfigurationProperties(prefix = "proxy")
public record ProxyProperties(String upstreamUrl, Duration pollInterval, int historySnapshots, String apiKey) {
}
