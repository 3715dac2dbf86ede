package ai.gatewayz.obs.sim.routing;

/** Told about every breaker state change. Implementations must be thread-safe and must not block. */
@FunctionalInterface
public interface BreakerListener {
    /** {@code model} is null for a per-provider breaker. */
    void transition(String provider, String model, BreakerState from, BreakerState to, long atMillis);

    BreakerListener NONE = (p, m, f, t, a) -> { };
}
