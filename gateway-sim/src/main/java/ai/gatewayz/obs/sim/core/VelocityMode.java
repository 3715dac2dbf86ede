package ai.gatewayz.obs.sim.core;

/**
 * The backend's security circuit breaker: when at least 25 % of the requests of the last 60 s were
 * server errors and the window holds at least 100 requests, velocity mode turns on for 180 s and
 * rate limits shrink. Time comes from the caller. Thread-safe.
 */
public final class VelocityMode {
    static final int WINDOW_SECONDS = 60;
    static final int MIN_REQUESTS = 100;
    static final double ERROR_SHARE = 0.25;
    static final long ACTIVE_MS = 180_000;

    /** What changed on a {@link #record} call, for metrics and logs. */
    public record Change(boolean activated, boolean deactivated, double errorRate, int requests, int errors, long activeForMs) {
        static final Change NONE = new Change(false, false, 0, 0, 0, 0);
    }

    private final long[] second = new long[WINDOW_SECONDS];
    private final int[] requests = new int[WINDOW_SECONDS];
    private final int[] errors = new int[WINDOW_SECONDS];
    private boolean active;
    private long activatedAt;
    private double triggerRate;
    private int triggerRequests;
    private int triggerErrors;

    public synchronized boolean active(long nowMillis) {
        return active && nowMillis - activatedAt < ACTIVE_MS;
    }

    public synchronized double triggerErrorRate() {
        return active ? triggerRate : 0;
    }

    public synchronized int triggerRequests() {
        return active ? triggerRequests : 0;
    }

    public synchronized int triggerErrors() {
        return active ? triggerErrors : 0;
    }

    /** Counts one finished request. */
    public synchronized Change record(boolean serverError, long nowMillis) {
        long sec = nowMillis / 1000;
        int i = (int) Math.floorMod(sec, (long) WINDOW_SECONDS);
        if (second[i] != sec) {
            second[i] = sec;
            requests[i] = 0;
            errors[i] = 0;
        }
        requests[i]++;
        if (serverError) {
            errors[i]++;
        }
        if (active) {
            if (nowMillis - activatedAt >= ACTIVE_MS) {
                active = false;
                return new Change(false, true, 0, 0, 0, nowMillis - activatedAt);
            }
            return Change.NONE;
        }
        int r = 0;
        int e = 0;
        for (int k = 0; k < WINDOW_SECONDS; k++) {
            if (sec - second[k] < WINDOW_SECONDS) {
                r += requests[k];
                e += errors[k];
            }
        }
        if (r >= MIN_REQUESTS && e >= ERROR_SHARE * r) {
            active = true;
            activatedAt = nowMillis;
            triggerRate = (double) e / r;
            triggerRequests = r;
            triggerErrors = e;
            return new Change(true, false, triggerRate, r, e, 0);
        }
        return Change.NONE;
    }
}
