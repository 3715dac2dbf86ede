package ai.gatewayz.obs.sim.api;

import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.ProviderStats;
import ai.gatewayz.obs.sim.routing.BreakerState;
import ai.gatewayz.obs.sim.routing.ModelBreaker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Provider health as the backend serves it: {@code /prometheus/data/metrics} (hand-written text
 * exposition: health_score, error_rate, provider_availability, total_requests, avg_latency_ms,
 * one-hot circuit_breaker_state per provider:model, gatewayz_data_scrape_success) and the JSON
 * monitoring API ({@code /api/monitoring/health}, {@code /circuit-breakers}, {@code /errors}...)
 * that the json-api-proxy serves to Grafana.
 */
@RestController
public class ProviderDataController {
    private final GatewaySimulator sim;
    private final Clock clock;

    public ProviderDataController(GatewaySimulator sim, Clock clock) {
        this.sim = sim;
        this.clock = clock;
    }

    @GetMapping("/prometheus/data/metrics")
    public ResponseEntity<String> dataMetrics() {
        Instant now = clock.instant();
        ProviderStats stats = sim.stats();
        List<String> providers = stats.providers();
        StringBuilder h = new StringBuilder();
        StringBuilder s = new StringBuilder();
        h.append("# HELP health_score Provider health score (0-100)\n# TYPE health_score gauge\n");
        h.append("# HELP error_rate Provider error rate over the last hour (0-1)\n# TYPE error_rate gauge\n");
        h.append("# HELP provider_availability Provider availability (0-100)\n# TYPE provider_availability gauge\n");
        h.append("# HELP total_requests Requests in the last hour\n# TYPE total_requests gauge\n");
        h.append("# HELP avg_latency_ms Mean latency in milliseconds\n# TYPE avg_latency_ms gauge\n");
        h.append("# HELP circuit_breaker_state Circuit breaker state per provider and model (one-hot)\n# TYPE circuit_breaker_state gauge\n");
        h.append("# HELP gatewayz_data_scrape_success Whether the provider data collection worked\n# TYPE gatewayz_data_scrape_success gauge\n");
        for (String p : providers) {
            ProviderStats.Hour hour = stats.currentHour(p, now);
            double err = hour.totalRequests == 0 ? 0 : (double) hour.failedRequests / hour.totalRequests;
            double lat = hour.totalRequests == 0 ? 0 : (double) hour.totalLatencyMs / hour.totalRequests;
            String l = "{provider=\"" + p + "\"} ";
            s.append("health_score").append(l).append(fmt(stats.healthScore(p))).append('\n');
            s.append("error_rate").append(l).append(fmt(err)).append('\n');
            s.append("provider_availability").append(l).append(fmt(100 - 100 * err)).append('\n');
            s.append("total_requests").append(l).append(hour.totalRequests).append('\n');
            s.append("avg_latency_ms").append(l).append(fmt(lat)).append('\n');
        }
        List<ModelBreaker> breakers = new ArrayList<>(sim.modelBreakers());
        breakers.sort(Comparator.comparing(ModelBreaker::provider).thenComparing(ModelBreaker::model));
        for (ModelBreaker b : breakers) {
            BreakerState st = b.state();
            for (BreakerState x : BreakerState.values()) {
                s.append("circuit_breaker_state{provider=\"").append(b.provider()).append("\",model=\"").append(b.model())
                    .append("\",state=\"").append(x.label()).append("\"} ").append(x == st ? 1 : 0).append('\n');
            }
        }
        s.append("gatewayz_data_scrape_success 1\n");
        return ResponseEntity.ok().header("Content-Type", "text/plain; version=0.0.4; charset=utf-8").body(h.append(s).toString());
    }

    @GetMapping("/api/monitoring/health")
    public List<Map<String, Object>> health() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String p : allProviders()) {
            out.add(health(p));
        }
        return out;
    }

    @GetMapping("/api/monitoring/health/{provider}")
    public Map<String, Object> health(@PathVariable("provider") String provider) {
        double score = sim.stats().healthScore(provider);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", provider);
        m.put("health_score", score);
        m.put("status", score >= 80 ? "healthy" : score >= 50 ? "degraded" : "unhealthy");
        m.put("last_updated", clock.instant().toString());
        return m;
    }

    @GetMapping("/api/monitoring/circuit-breakers")
    public List<Map<String, Object>> breakers() {
        return breakerList(null);
    }

    @GetMapping("/api/monitoring/circuit-breakers/{provider}")
    public ResponseEntity<?> breakers(@PathVariable("provider") String provider) {
        List<Map<String, Object>> l = breakerList(provider);
        if (l.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("detail", "No circuit breakers found for provider " + provider));
        }
        return ResponseEntity.ok(l);
    }

    @GetMapping("/api/monitoring/errors/{provider}")
    public List<Map<String, Object>> errors(@PathVariable("provider") String provider,
                                            @RequestParam(value = "limit", defaultValue = "100") int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProviderStats.ErrorEntry e : sim.stats().errors(provider, Math.max(0, Math.min(100, limit)))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", e.model());
            m.put("error", e.error());
            m.put("timestamp", e.timestampSeconds());
            m.put("latency_ms", e.latencyMs());
            out.add(m);
        }
        return out;
    }

    @GetMapping("/api/monitoring/stats/realtime")
    public Map<String, Object> realtime() {
        Instant now = clock.instant();
        Map<String, Object> providers = new LinkedHashMap<>();
        long total = 0;
        double cost = 0;
        double scoreSum = 0;
        List<String> ps = sim.stats().providers();
        for (String p : ps) {
            Map<String, Object> hourly = new LinkedHashMap<>();
            long pt = 0;
            double pc = 0;
            for (Map.Entry<String, ProviderStats.Hour> e : sim.stats().hourly(p).entrySet()) {
                ProviderStats.Hour h = e.getValue();
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("total_requests", h.totalRequests);
                hm.put("successful_requests", h.successfulRequests);
                hm.put("failed_requests", h.failedRequests);
                hm.put("tokens_input", h.tokensInput);
                hm.put("tokens_output", h.tokensOutput);
                hm.put("total_cost", h.totalCost);
                hourly.put(e.getKey(), hm);
                pt += h.totalRequests;
                pc += h.totalCost;
            }
            double score = sim.stats().healthScore(p);
            providers.put(p, Map.of("total_requests", pt, "total_cost", pc, "health_score", score, "hourly_breakdown", hourly));
            total += pt;
            cost += pc;
            scoreSum += score;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", now.toString());
        m.put("providers", providers);
        m.put("total_requests", total);
        m.put("total_cost", cost);
        m.put("avg_health_score", ps.isEmpty() ? 100.0 : scoreSum / ps.size());
        return m;
    }

    private List<Map<String, Object>> breakerList(String provider) {
        List<ModelBreaker> breakers = new ArrayList<>(sim.modelBreakers());
        breakers.sort(Comparator.comparing(ModelBreaker::provider).thenComparing(ModelBreaker::model));
        List<Map<String, Object>> out = new ArrayList<>();
        long now = clock.millis();
        for (ModelBreaker b : breakers) {
            if (provider != null && !provider.equals(b.provider())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", b.provider());
            m.put("model", b.model());
            m.put("state", b.state().name().toUpperCase(Locale.ROOT));
            m.put("failure_count", b.failureCount());
            m.put("is_available", b.state() != BreakerState.OPEN);
            m.put("last_updated", (b.lastUpdatedMillis() == 0 ? now : b.lastUpdatedMillis()) / 1000);
            out.add(m);
        }
        return out;
    }

    private TreeSet<String> allProviders() {
        TreeSet<String> s = new TreeSet<>(sim.stats().providers());
        return s;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
