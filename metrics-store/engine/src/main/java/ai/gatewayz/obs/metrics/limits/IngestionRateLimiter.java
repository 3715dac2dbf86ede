package ai.gatewayz.obs.metrics.limits;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per tenant: {@code rate} tokens per second up to {@code burst}. A request takes
 * all its samples at once or nothing (so a refused request can be retried whole). Thread-safe;
 * time comes from the injected clock.
 */
public final class IngestionRateLimiter {
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public IngestionRateLimiter(Clock clock) {
        this.clock = clock;
    }

    private static final class Bucket {
        double tokens;
        long lastMs;
    }

    /** Takes {@code n} tokens; false when the tenant is over its rate (nothing is taken then). */
    public boolean tryAcquire(String tenant, TenantLimits limits, long n) {
        if (limits.ingestionRate() <= 0 || n <= 0) {
            return true;
        }
        double burst = Math.max(limits.ingestionBurst(), limits.ingestionRate());
        Bucket b = buckets.computeIfAbsent(tenant, t -> {
            Bucket nb = new Bucket();
            nb.tokens = burst;
            nb.lastMs = clock.millis();
            return nb;
        });
        synchronized (b) {
            long now = clock.millis();
            if (now > b.lastMs) {
                b.tokens = Math.min(burst, b.tokens + (now - b.lastMs) * limits.ingestionRate() / 1000.0);
                b.lastMs = now;
            }
            if (b.tokens < n) {
                return false;
            }
            b.tokens -= n;
            return true;
        }
    }
}
