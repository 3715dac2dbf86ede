package ai.gatewayz.obs.sim.scenario;

import java.time.Instant;
import java.util.List;

/**
 * The faults in force at one instant, derived from the active scenarios. The simulator asks it
 * how each provider, model, cache layer and user should misbehave right now. Immutable.
 */
public final class Faults {
    public static final Faults NONE = new Faults(List.of(), Instant.EPOCH);

    private final List<GroundTruth> active;
    private final Instant at;

    Faults(List<GroundTruth> active, Instant at) {
        this.active = List.copyOf(active);
        this.at = at;
    }

    public boolean isEmpty() {
        return active.isEmpty();
    }

    public List<GroundTruth> active() {
        return active;
    }

    /** Whether calls to the provider fail outright now (outage, or the failing half of a flapping period). */
    public boolean providerDown(String provider) {
        for (GroundTruth g : active) {
            if (provider.equals(g.provider())) {
                if (g.kind() == ScenarioKind.PROVIDER_OUTAGE) {
                    return true;
                }
                if (g.kind() == ScenarioKind.BREAKER_FLAPPING) {
                    long periodMs = (long) (g.factor() * 1000);
                    long into = at.toEpochMilli() - g.start().toEpochMilli();
                    if (Math.floorMod(into, periodMs) < periodMs / 2) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Added 5xx probability for a provider/model pair. */
    public double extraErrorRate(String provider, String model) {
        double extra = 0;
        for (GroundTruth g : active) {
            if (g.kind() == ScenarioKind.MODEL_DEGRADED && provider.equals(g.provider()) && model.equals(g.model())) {
                extra += 0.7;
            }
        }
        return extra;
    }

    /** Latency multiplier for a provider/model pair. */
    public double latencyFactor(String provider, String model) {
        double f = 1;
        for (GroundTruth g : active) {
            if (g.kind() == ScenarioKind.LATENCY_SPIKE && provider.equals(g.provider())) {
                f *= g.factor();
            } else if (g.kind() == ScenarioKind.MODEL_DEGRADED && provider.equals(g.provider()) && model.equals(g.model())) {
                f *= g.factor();
            }
        }
        return f;
    }

    /** Latency multiplier for a cache layer. */
    public double cacheFactor(String layer) {
        double f = 1;
        for (GroundTruth g : active) {
            if (g.kind() == ScenarioKind.SLOW_CACHE && layer.equals(g.cacheLayer())) {
                f *= g.factor();
            }
        }
        return f;
    }

    /** The token-burn scenario in force, if any (the traffic generator adds that user's requests). */
    public GroundTruth tokenBurn() {
        for (GroundTruth g : active) {
            if (g.kind() == ScenarioKind.TOKEN_BURN) {
                return g;
            }
        }
        return null;
    }

    /** Output-token multiplier for a user. */
    public double outputFactor(String user) {
        double f = 1;
        for (GroundTruth g : active) {
            if (g.kind() == ScenarioKind.TOKEN_BURN && g.user().equals(user)) {
                f *= 8;
            }
        }
        return f;
    }

    /** Provider order for a model after a bad deploy, or null when routing is unchanged. */
    public List<String> routingOverride(String model, List<String> normal) {
        for (GroundTruth g : active) {
            if (g.kind() == ScenarioKind.ROUTING_REGRESSION && g.model().equals(model) && normal.size() > 1) {
                java.util.ArrayList<String> order = new java.util.ArrayList<>();
                order.add(g.provider());
                for (String p : normal) {
                    if (!p.equals(g.provider())) {
                        order.add(p);
                    }
                }
                return order;
            }
        }
        return null;
    }
}
