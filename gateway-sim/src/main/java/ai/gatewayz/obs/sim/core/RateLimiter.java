package ai.gatewayz.obs.sim.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-user token buckets refilled at the user's requests-per-minute, burst = one minute's worth,
 * scaled down while velocity mode is on. Time comes from the caller. Thread-safe.
 */
public final class RateLimiter {
    private final Map<String, double[]> buckets = new HashMap<>();

    /** Takes one token; false means the request is rate limited. */
    public synchronized boolean tryAcquire(SimUser user, double scale, long nowMillis) {
        double capacity = Math.max(1, user.requestsPerMinute() * scale);
        double[] b = buckets.computeIfAbsent(user.id(), k -> new double[] {capacity, nowMillis});
        double refill = (nowMillis - b[1]) / 60_000.0 * capacity;
        b[0] = Math.min(capacity, b[0] + Math.max(0, refill));
        b[1] = Math.max(b[1], nowMillis);
        if (b[0] >= 1) {
            b[0] -= 1;
            return true;
        }
        return false;
    }
}
