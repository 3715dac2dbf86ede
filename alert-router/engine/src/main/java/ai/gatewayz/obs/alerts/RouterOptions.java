package ai.gatewayz.obs.alerts;

import java.nio.file.Path;

/**
 * Engine options: {@code dataDir} null keeps everything in memory; retention of expired silences
 * and of notification-log entries; how long resolved alerts are kept; delivery attempts per flush;
 * how many notifications one integration (one webhook or email config) may have in flight.
 */
public record RouterOptions(Path dataDir, String externalUrl, long silenceRetentionMs, long nflogRetentionMs,
                            long resolvedRetentionMs, int maxAttempts, String userAgent, int maxInFlightPerIntegration) {
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;

    public static RouterOptions defaults(Path dataDir) {
        return new RouterOptions(dataDir, "http://localhost:9093", 120 * 3600_000L, 120 * 3600_000L, 3600_000L, 6,
                "alert-router/0.1", DEFAULT_MAX_IN_FLIGHT);
    }

    public RouterOptions withExternalUrl(String url) {
        return new RouterOptions(dataDir, url, silenceRetentionMs, nflogRetentionMs, resolvedRetentionMs, maxAttempts, userAgent,
                maxInFlightPerIntegration);
    }
}
