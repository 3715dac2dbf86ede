package ai.gatewayz.obs.sim.core;

/**
 * A simulated customer. {@code tier} is {@code trial} or {@code paid} (span attribute {@code user.tier});
 * {@code status} is the {@code user_status} of {@code free_model_usage_total}. Immutable.
 */
public record SimUser(String id, String apiKey, String tier, String status, int requestsPerMinute) {
}
