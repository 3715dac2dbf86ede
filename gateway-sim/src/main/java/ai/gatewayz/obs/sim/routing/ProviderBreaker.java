package ai.gatewayz.obs.sim.routing;

/**
 * The per-provider breaker of the backend (feeds {@code circuit_breaker_*} on /metrics): opens after
 * 5 consecutive failures, or when at least half of the calls of the last 60 s failed once 10 calls
 * were seen; after a 60 s cool-down the next call probes in half-open; 2 successes close it, a third
 * failure in half-open re-opens it. Time comes from the caller (virtual or wall clock).
 * Thread-safe (all methods synchronized; the work per call is constant).
 */
public final class ProviderBreaker {
    static final int CONSECUTIVE_FAILURES = 5;
    static final int WINDOW_SECONDS = 60;
    static final int WINDOW_MIN_CALLS = 10;
    static final long COOL_DOWN_MS = 60_000;
    static final int HALF_OPEN_SUCCESSES = 2;
    static final int HALF_OPEN_FAILURES_TOLERATED = 2;

    private final String provider;
    private final BreakerListener listener;
    private final long[] bucketSecond = new long[WINDOW_SECONDS];
    private final int[] bucketCalls = new int[WINDOW_SECONDS];
    private final int[] bucketFailures = new int[WINDOW_SECONDS];
    private BreakerState state = BreakerState.CLOSED;
    private int consecutiveFailures;
    private int halfOpenSuccesses;
    private int halfOpenFailures;
    private long openedAt;
    private int failureCount;

    public ProviderBreaker(String provider, BreakerListener listener) {
        this.provider = provider;
        this.listener = listener;
    }

    /** Whether a call may go out now; moves an expired open breaker to half-open. */
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
        return failureCount;
    }

    /** Records a call outcome; returns the state the call was made in. */
    public synchronized BreakerState record(boolean success, long nowMillis) {
        BreakerState during = state;
        count(success, nowMillis);
        if (success) {
            consecutiveFailures = 0;
            if (state == BreakerState.HALF_OPEN && ++halfOpenSuccesses >= HALF_OPEN_SUCCESSES) {
                move(BreakerState.CLOSED, nowMillis);
            }
            return during;
        }
        consecutiveFailures++;
        failureCount++;
        if (state == BreakerState.HALF_OPEN) {
            if (++halfOpenFailures > HALF_OPEN_FAILURES_TOLERATED) {
                open(nowMillis);
            }
        } else if (state == BreakerState.CLOSED && (consecutiveFailures >= CONSECUTIVE_FAILURES || windowTripped(nowMillis))) {
            open(nowMillis);
        }
        return during;
    }

    private boolean windowTripped(long nowMillis) {
        long sec = nowMillis / 1000;
        int calls = 0;
        int failures = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (sec - bucketSecond[i] < WINDOW_SECONDS) {
                calls += bucketCalls[i];
                failures += bucketFailures[i];
            }
        }
        return calls >= WINDOW_MIN_CALLS && failures * 2 >= calls;
    }

    private void count(boolean success, long nowMillis) {
        long sec = nowMillis / 1000;
        int i = (int) Math.floorMod(sec, (long) WINDOW_SECONDS);
        if (bucketSecond[i] != sec) {
            bucketSecond[i] = sec;
            bucketCalls[i] = 0;
            bucketFailures[i] = 0;
        }
        bucketCalls[i]++;
        if (!success) {
            bucketFailures[i]++;
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
        halfOpenFailures = 0;
        if (to == BreakerState.CLOSED) {
            consecutiveFailures = 0;
            failureCount = 0;
            java.util.Arrays.fill(bucketCalls, 0);
            java.util.Arrays.fill(bucketFailures, 0);
        }
        listener.transition(provider, null, from, to, nowMillis);
    }
}
