package ai.gatewayz.obs.jsonproxy.health;

/**
 * One provider's health as the backend computes it (from {@code /prometheus/data/metrics}). Immutable.
 */
public record ProviderHealth(String provider, double healthScore, double errorRate, double availability, double totalRequests,
                             double avgLatencyMs) {
    /** The backend's buckets: healthy at 80 and above, degraded at 50 and above, unhealthy below. */
    public String status() {
        return healthScore >= 80 ? "healthy" : healthScore >= 50 ? "degraded" : "unhealthy";
    }
}
