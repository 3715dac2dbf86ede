package ai.gatewayz.obs.sim.core;

import ai.gatewayz.obs.sim.routing.BreakerState;

/**
 * One upstream call (or a skipped one when a breaker was open). Offsets in ms from the request
 * start; {@code ttfcMs} is the time to the first chunk measured from the call start. Immutable.
 */
public record Attempt(String provider, String model, long startMs, long durationMs, long ttfcMs, AttemptResult result,
                      BreakerState breakerState, int breakerFailures, String errorMessage) {
    public boolean success() {
        return result == AttemptResult.SUCCESS;
    }

    public long endMs() {
        return startMs + durationMs;
    }
}
