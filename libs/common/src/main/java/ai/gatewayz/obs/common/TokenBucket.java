package ai.gatewayz.obs.common;

/**
 * A token bucket on caller-supplied milliseconds (so tests drive it with virtual time): it refills
 * at {@code ratePerSecond} up to {@code burst} tokens and starts full. A take is all or nothing,
 * so a refused request can be retried whole. Thread-safe (synchronised; one bucket per tenant).
 *
 * <p>Several stores keep their own copy of this (log-store, trace-store, metrics-store); they can
 * adopt this one.
 */
public final class TokenBucket {
    private final double ratePerMs;
    private final double burst;
    private double tokens;
    private long lastMillis;

    /** A full bucket; {@code burst} below {@code ratePerSecond} is raised to it so one second's worth always fits. */
    public TokenBucket(long ratePerSecond, long burst, long nowMillis) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive [rate=" + ratePerSecond + "]");
        }
        this.ratePerMs = ratePerSecond / 1000.0;
        this.burst = Math.max(burst, ratePerSecond);
        this.tokens = this.burst;
        this.lastMillis = nowMillis;
    }

    /** Takes {@code n} tokens if that many are available; otherwise takes none and answers false. */
    public synchronized boolean tryTake(long n, long nowMillis) {
        refill(nowMillis);
        if (n > tokens) {
            return false;
        }
        tokens -= n;
        return true;
    }

    /** Tokens available at {@code nowMillis}, rounded down. */
    public synchronized long available(long nowMillis) {
        refill(nowMillis);
        return (long) tokens;
    }

    private void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * ratePerMs);
            lastMillis = nowMillis;
        }
    }
}
