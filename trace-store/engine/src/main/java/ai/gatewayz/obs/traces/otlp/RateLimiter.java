package ai.gatewayz.obs.traces.otlp;

import java.time.Clock;

/** A token bucket of bytes. Thread-safe (synchronized; one per tenant, so contention stays local). */
final class RateLimiter {
    private final Clock clock;
    private double tokens;
    private long lastNanos;

    RateLimiter(Clock clock, long burst) {
        this.clock = clock;
        this.tokens = burst;
        this.lastNanos = nanos();
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Takes {@code n} bytes when available; returns false (taking nothing) otherwise. */
    synchronized boolean tryTake(long n, long perSecond, long burst) {
        long now = nanos();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (n > tokens && n <= burst) {
            return false;
        }
        tokens -= Math.min(n, tokens); // an export above the burst passes alone once the bucket is full
        return true;
    }
}
