package ai.gatewayz.obs.sim.scenario;

import java.time.Duration;

/**
 * What to inject, when and for how long. Fields that a kind does not use are null. Immutable.
 *
 * @param kind       the incident
 * @param provider   target provider (outage, degraded, latency spike, flapping)
 * @param model      target model id (degraded, routing regression)
 * @param user       target user id (token burn)
 * @param cacheLayer target cache layer (slow cache)
 * @param factor     strength: latency multiplier, request multiplier... (kind-specific default when 0)
 * @param startAfter delay from the moment the scenario is added
 * @param duration   how long it lasts
 */
public record ScenarioSpec(ScenarioKind kind, String provider, String model, String user, String cacheLayer,
                           double factor, Duration startAfter, Duration duration) {
    public ScenarioSpec {
        if (kind == null) {
            throw new IllegalArgumentException("scenario kind is required [kind=null]");
        }
        startAfter = startAfter == null ? Duration.ZERO : startAfter;
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("scenario duration must be positive [duration=" + duration + "]");
        }
        if (startAfter.isNegative()) {
            throw new IllegalArgumentException("scenario start must not be negative [startAfter=" + startAfter + "]");
        }
        if (factor < 0) {
            throw new IllegalArgumentException("scenario factor must not be negative [factor=" + factor + "]");
        }
        if (factor == 0) {
            factor = switch (kind) {
                case LATENCY_SPIKE -> 8;
                case SLOW_CACHE -> 60;
                case TOKEN_BURN -> 20;
                case MODEL_DEGRADED -> 3;
                case BREAKER_FLAPPING -> 150;
                default -> 1;
            };
        }
        require(kind, "provider", provider, kind == ScenarioKind.PROVIDER_OUTAGE || kind == ScenarioKind.MODEL_DEGRADED
            || kind == ScenarioKind.LATENCY_SPIKE || kind == ScenarioKind.BREAKER_FLAPPING);
        require(kind, "model", model, kind == ScenarioKind.MODEL_DEGRADED || kind == ScenarioKind.ROUTING_REGRESSION);
        require(kind, "user", user, kind == ScenarioKind.TOKEN_BURN);
        require(kind, "cache_layer", cacheLayer, kind == ScenarioKind.SLOW_CACHE);
    }

    private static void require(ScenarioKind kind, String field, String value, boolean needed) {
        if (needed && (value == null || value.isBlank())) {
            throw new IllegalArgumentException("scenario needs a " + field + " [kind=" + kind.id() + ", " + field + "=" + value + "]");
        }
    }
}
