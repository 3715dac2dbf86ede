package ai.gatewayz.obs.jsonproxy.health;

/** The state of one provider:model circuit breaker ({@code closed}, {@code open}, {@code half_open}). Immutable. */
public record BreakerState(String provider, String model, String state) {
}
