package ai.gatewayz.obs.logs.ingest;

/**
 * A byte-rate token bucket on an injected clock's milliseconds. Thread-safe (synchronised; one
 * bucket per tenant or stream).
 */
final class TokenBucket {
    private final double ratePerMs;
    private final double burst;
    private double tokens;
    private long lastMillis;

    TokenBucket(long ratePerSecond, long burst, long nowMillis) {
        this.ratePerMs = ratePerSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.lastMillis = nowMillis;
    }

    /** Takes {@code n} tokens if available; false (taking none) otherwise. */
    synchronized boolean tryTake(long n, long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * ratePerMs);
            lastMillis = nowMillis;
        }
        if (n > tokens) {
            return false;
        }
        tokens -= n;
        return true;
    }
}
