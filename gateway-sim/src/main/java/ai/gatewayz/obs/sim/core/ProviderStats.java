package ai.gatewayz.obs.sim.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the backend keeps in Redis per provider: the health score (start 100, +2 per success, -5 per
 * failure, clamped to 0..100), hourly counters (kept 2 hours), and the last 100 errors. Feeds
 * {@code /prometheus/data/metrics} and the monitoring JSON. Thread-safe.
 */
public final class ProviderStats {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd:HH").withZone(ZoneOffset.UTC);
    private static final int MAX_ERRORS = 100;

    /** One hour of one provider. Mutable, guarded by the enclosing instance. */
    public static final class Hour {
        public long totalRequests;
        public long successfulRequests;
        public long failedRequests;
        public long tokensInput;
        public long tokensOutput;
        public double totalCost;
        public long totalLatencyMs;

        Hour copy() {
            Hour h = new Hour();
            h.totalRequests = totalRequests;
            h.successfulRequests = successfulRequests;
            h.failedRequests = failedRequests;
            h.tokensInput = tokensInput;
            h.tokensOutput = tokensOutput;
            h.totalCost = totalCost;
            h.totalLatencyMs = totalLatencyMs;
            return h;
        }
    }

    /** One remembered upstream error. */
    public record ErrorEntry(String model, String error, long timestampSeconds, long latencyMs) {
    }

    private final Map<String, Double> score = new TreeMap<>();
    private final Map<String, TreeMap<String, Hour>> hours = new TreeMap<>();
    private final Map<String, Deque<ErrorEntry>> errors = new TreeMap<>();

    public synchronized void record(String provider, String model, boolean success, long latencyMs, long inTok, long outTok,
                                    double cost, String error, Instant at) {
        double s = score.getOrDefault(provider, 100.0) + (success ? 2 : -5);
        score.put(provider, Math.max(0, Math.min(100, s)));
        TreeMap<String, Hour> byHour = hours.computeIfAbsent(provider, k -> new TreeMap<>());
        String key = HOUR.format(at);
        Hour h = byHour.computeIfAbsent(key, k -> new Hour());
        h.totalRequests++;
        if (success) {
            h.successfulRequests++;
        } else {
            h.failedRequests++;
        }
        h.tokensInput += inTok;
        h.tokensOutput += outTok;
        h.totalCost += cost;
        h.totalLatencyMs += latencyMs;
        while (byHour.size() > 2) {
            byHour.pollFirstEntry();
        }
        if (!success) {
            Deque<ErrorEntry> d = errors.computeIfAbsent(provider, k -> new ArrayDeque<>());
            d.addFirst(new ErrorEntry(model, error == null ? "" : error.length() > 500 ? error.substring(0, 500) : error,
                at.getEpochSecond(), latencyMs));
            while (d.size() > MAX_ERRORS) {
                d.removeLast();
            }
        }
    }

    /** Health score 0..100; 100 for a provider never seen. */
    public synchronized double healthScore(String provider) {
        return score.getOrDefault(provider, 100.0);
    }

    public synchronized Map<String, Double> healthScores() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(score));
    }

    /** The current hour's counters (a copy), or an empty hour. */
    public synchronized Hour currentHour(String provider, Instant now) {
        TreeMap<String, Hour> byHour = hours.get(provider);
        Hour h = byHour == null ? null : byHour.get(HOUR.format(now));
        return h == null ? new Hour() : h.copy();
    }

    /** Hour key to counters (copies), oldest first. */
    public synchronized Map<String, Hour> hourly(String provider) {
        Map<String, Hour> out = new LinkedHashMap<>();
        TreeMap<String, Hour> byHour = hours.get(provider);
        if (byHour != null) {
            byHour.forEach((k, v) -> out.put(k, v.copy()));
        }
        return out;
    }

    public synchronized List<ErrorEntry> errors(String provider, int limit) {
        Deque<ErrorEntry> d = errors.get(provider);
        if (d == null) {
            return List.of();
        }
        List<ErrorEntry> out = new ArrayList<>(Math.min(limit, d.size()));
        for (ErrorEntry e : d) {
            if (out.size() >= limit) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    public synchronized List<String> providers() {
        return new ArrayList<>(score.keySet());
    }
}
