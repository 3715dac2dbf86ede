package ai.gatewayz.obs.jsonproxy.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the backend's {@code /prometheus/data/metrics} (as the seed's Flask proxy did) and stores
 * each snapshot. When the backend is unreachable the last snapshot stays (marked stale by its
 * time) and the condition is logged once until it recovers. Thread-safe.
 */
public final class Poller {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI source;
    private final String apiKey;
    private final HealthStore store;
    private final Clock clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile Instant lastSuccess = Instant.EPOCH;
    private volatile String lastError = "not polled yet";

    public Poller(String upstreamBase, String apiKey, HealthStore store, Clock clock) {
        this.source = URI.create(upstreamBase.replaceAll("/+$", "") + "/prometheus/data/metrics");
        this.apiKey = apiKey;
        this.store = store;
        this.clock = clock;
    }

    public URI source() {
        return source;
    }

    /** Polls once; true when a snapshot was stored. */
    public boolean pollOnce() {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(source).timeout(Duration.ofSeconds(15)).GET();
            if (apiKey != null && !apiKey.isBlank()) {
                b.header("Authorization", "Bearer " + apiKey);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return failed("HTTP " + r.statusCode());
            }
            Instant now = clock.instant();
            store.add(DataMetricsParser.parse(r.body(), now));
            lastSuccess = now;
            lastError = null;
            if (down.compareAndSet(true, false)) {
                LOG.info("backend reachable again at {}", source);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        } catch (Exception e) {
            return failed(e.toString());
        }
    }

    private boolean failed(String why) {
        lastError = why;
        if (down.compareAndSet(false, true)) {
            LOG.warn("backend unreachable at {} ({}); serving the last snapshot until it recovers", source, why);
        }
        return false;
    }

    public boolean upstreamUp() {
        return !down.get() && lastError == null;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public String lastError() {
        return lastError;
    }
}
