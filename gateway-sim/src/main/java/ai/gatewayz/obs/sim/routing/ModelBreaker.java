package ai.gatewayz.obs.sim.routing;

/**
 * The per provider:model breaker of the backend (feeds {@code circuit_breaker_state} on
 * /prometheus/data/metrics and the monitoring JSON): opens after 5 failures in a row (a success in
 * between resets the count, and failures more than 60 s apart do not add up) or 3 consecutive slow
 * successes (over 30 s) while closed; after 300 s it probes in half-open; 3 successes close it, any
 * failure in half-open re-opens it. Thread-safe.
 */
public final class ModelBreaker {
    static final int FAILURES = 5;
    static final int SLOW_SUCCESSES = 3;
    static final long SLOW_MS = 30_000;
    static final long COOL_DOWN_MS = 300_000;
    static final int HALF_OPEN_SUCCESSES = 3;
    /** Failures further apart than this do not add up (the backend's Redis keys expire the same way). */
    static final long FAILURE_MEMORY_MS = 60_000;

    private final String provider;
    private final String model;
    private final BreakerListener listener;
    private BreakerState state = BreakerState.CLOSED;
    private int failures;
    private int slowSuccesses;
    private int halfOpenSuccesses;
    private long openedAt;
    private long lastUpdated;
    private long lastFailure;

    public ModelBreaker(String provider, String model, BreakerListener listener) {
        this.provider = provider;
        this.model = model;
        this.listener = listener;
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    public synchronized boolean allow(long nowMillis) {
        if (state == BreakerState.OPEN && nowMillis - openedAt >= COOL_DOWN_MS) {
            move(BreakerState.HALF_OPEN, nowMillis);
        }
        return state != BreakerState.OPEN;
    }

    public synchronized BreakerState state() {
        return state;
    }

    public synchronized int failureCount() {
        return failures;
    }

    public synchronized long lastUpdatedMillis() {
        return lastUpdated;
    }

    public synchronized void record(boolean success, long latencyMs, long nowMillis) {
        lastUpdated = nowMillis;
        if (success) {
            if (state == BreakerState.CLOSED) {
                failures = 0;
            }
            if (state == BreakerState.HALF_OPEN) {
                if (++halfOpenSuccesses >= HALF_OPEN_SUCCESSES) {
                    move(BreakerState.CLOSED, nowMillis);
                }
            } else if (state == BreakerState.CLOSED) {
                slowSuccesses = latencyMs > SLOW_MS ? slowSuccesses + 1 : 0;
                if (slowSuccesses >= SLOW_SUCCESSES) {
                    open(nowMillis);
                }
            }
            return;
        }
        if (nowMillis - lastFailure > FAILURE_MEMORY_MS) {
            failures = 0;
        }
        lastFailure = nowMillis;
        failures++;
        if (state == BreakerState.HALF_OPEN || (state == BreakerState.CLOSED && failures >= FAILURES)) {
            open(nowMillis);
        }
    }

    private void open(long nowMillis) {
        openedAt = nowMillis;
        move(BreakerState.OPEN, nowMillis);
    }

    private void move(BreakerState to, long nowMillis) {
        BreakerState from = state;
        state = to;
        halfOpenSuccesses = 0;
        slowSuccesses = 0;
        if (to == BreakerState.CLOSED) {
            failures = 0;
        }
        lastUpdated = nowMillis;
        listener.transition(provider, model, from, to, nowMillis);
    }
}
