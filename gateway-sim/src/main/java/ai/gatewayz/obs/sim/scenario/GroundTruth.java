package ai.gatewayz.obs.sim.scenario;

import java.time.Instant;
import java.util.List;

/**
 * The record of an injected incident: exactly what was changed, where and when, and which signals
 * it is expected to move. Tests and the suite's detectors compare their findings with it. Immutable.
 */
public record GroundTruth(String id, ScenarioKind kind, String provider, String model, String user, String cacheLayer,
                          double factor, Instant start, Instant end, List<String> expectedSignals, String description) {
    public GroundTruth {
        expectedSignals = List.copyOf(expectedSignals);
    }

    public boolean activeAt(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    GroundTruth endedAt(Instant t) {
        return new GroundTruth(id, kind, provider, model, user, cacheLayer, factor, start, t.isBefore(start) ? start : t,
            expectedSignals, description);
    }
}
