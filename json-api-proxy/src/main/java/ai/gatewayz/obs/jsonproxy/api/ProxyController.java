package ai.gatewayz.obs.jsonproxy.api;

import ai.gatewayz.obs.jsonproxy.health.BreakerState;
import ai.gatewayz.obs.jsonproxy.health.HealthStore;
import ai.gatewayz.obs.jsonproxy.health.Poller;
import ai.gatewayz.obs.jsonproxy.health.ProviderHealth;
import ai.gatewayz.obs.jsonproxy.health.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provider health as JSON for Grafana (contract grafana-datasources.md section 6): the Infinity
 * endpoints ({@code /health}, {@code /providers}, {@code /circuit-breakers}, {@code /history}) with
 * flat objects and typed values, and the simpod/SimpleJSON protocol ({@code POST /metrics},
 * {@code /metric-payload-options}, {@code /query}, {@code /search}, {@code /annotations},
 * {@code /variable}, {@code /tag-keys}, {@code /tag-values}). Bad parameters are a 400 in the suite's
 * JSON envelope naming the parameter and value ({@link ProxyErrors}).
 */
@RestController
public class ProxyController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, ToDoubleFunction<ProviderHealth>> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("health_score", ProviderHealth::healthScore);
        METRICS.put("availability", ProviderHealth::availability);
        METRICS.put("error_rate", ProviderHealth::errorRate);
        METRICS.put("total_requests", ProviderHealth::totalRequests);
        METRICS.put("avg_latency_ms", ProviderHealth::avgLatencyMs);
    }

    private final HealthStore store;
    private final Poller poller;
    private final Clock clock;

    public ProxyController(HealthStore store, Poller poller, Clock clock) {
        this.store = store;
        this.poller = poller;
        this.clock = clock;
    }

    @GetMapping("/")
    public Map<String, Object> root() {
        return Map.of("status", "ok", "service", "json-api-proxy");
    }

    /** Infinity's custom health check: 200 while the proxy runs; the body says whether the backend answers. */
    @GetMapping("/health")
    public Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", poller.upstreamUp() ? "ok" : "degraded");
        m.put("upstream", poller.source().toString());
        m.put("upstream_up", poller.upstreamUp());
        m.put("last_success", poller.lastSuccess().equals(Instant.EPOCH) ? null : poller.lastSuccess().toString());
        m.put("last_error", poller.lastError());
        return m;
    }

    @GetMapping("/providers")
    public List<Map<String, Object>> providers() {
        Snapshot s = store.latest();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProviderHealth p : s.providers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", p.provider());
            m.put("health_score", p.healthScore());
            m.put("status", p.status());
            m.put("availability", p.availability());
            m.put("error_rate", p.errorRate());
            m.put("total_requests", p.totalRequests());
            m.put("avg_latency_ms", p.avgLatencyMs());
            m.put("open_breakers", s.breakers().stream().filter(b -> b.provider().equals(p.provider()) && b.state().equals("open")).count());
            m.put("checked_at", s.at().toString());
            out.add(m);
        }
        return out;
    }

    @GetMapping("/circuit-breakers")
    public List<Map<String, Object>> breakers(@RequestParam(value = "provider", required = false) String provider,
                                              @RequestParam(value = "state", required = false) String state) {
        String onlyProvider = FilterParams.provider(provider);
        String onlyState = FilterParams.state(state);
        Snapshot s = store.latest();
        List<Map<String, Object>> out = new ArrayList<>();
        for (BreakerState b : s.breakers()) {
            if ((onlyProvider != null && !onlyProvider.equals(b.provider())) || (onlyState != null && !onlyState.equalsIgnoreCase(b.state()))) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", b.provider());
            m.put("model", b.model());
            m.put("state", b.state());
            m.put("is_open", b.state().equals("open") ? 1 : 0);
            m.put("checked_at", s.at().toString());
            out.add(m);
        }
        return out;
    }

    @GetMapping("/history")
    public List<Map<String, Object>> history(@RequestParam(value = "provider", required = false) String provider,
                                             @RequestParam(value = "from", required = false) String from,
                                             @RequestParam(value = "to", required = false) String to) {
        String only = FilterParams.provider(provider);
        Instant t = TimeParam.parse("to", to, clock.instant());
        Instant f = TimeParam.parse("from", from, t.minus(Duration.ofHours(1)));
        if (f.isAfter(t)) {
            throw ProxyErrors.reversedRange(from, to);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Snapshot s : store.between(f, t)) {
            for (ProviderHealth p : s.providers()) {
                if (only != null && !only.equals(p.provider())) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("timestamp", s.at().toString());
                m.put("provider", p.provider());
                m.put("health_score", p.healthScore());
                m.put("availability", p.availability());
                m.put("error_rate", p.errorRate());
                m.put("avg_latency_ms", p.avgLatencyMs());
                out.add(m);
            }
        }
        return out;
    }

    // ---- simpod-json-datasource / SimpleJSON ----

    @PostMapping("/metrics")
    public List<Map<String, Object>> metricList(@RequestBody(required = false) String body) {
        List<Map<String, Object>> options = new ArrayList<>();
        for (String p : providerNames()) {
            options.add(Map.of("label", p, "value", p));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : METRICS.keySet()) {
            out.add(Map.of("label", name, "value", name, "payloads",
                List.of(Map.of("label", "Provider", "name", "provider", "type", "select", "options", options))));
        }
        out.add(Map.of("label", "circuit_breakers", "value", "circuit_breakers", "payloads", List.of()));
        return out;
    }

    @PostMapping("/metric-payload-options")
    public List<Map<String, Object>> payloadOptions(@RequestBody(required = false) String body) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String p : providerNames()) {
            out.add(Map.of("label", p, "value", p));
        }
        return out;
    }

    @PostMapping("/search")
    public List<String> search(@RequestBody(required = false) String body) {
        List<String> out = new ArrayList<>(METRICS.keySet());
        out.add("circuit_breakers");
        return out;
    }

    @PostMapping("/variable")
    public List<Map<String, Object>> variable(@RequestBody(required = false) String body) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String p : providerNames()) {
            out.add(Map.of("__text", p, "__value", p));
        }
        return out;
    }

    @PostMapping("/tag-keys")
    public List<Map<String, Object>> tagKeys(@RequestBody(required = false) String body) {
        return List.of(Map.of("type", "string", "text", "provider"));
    }

    @PostMapping("/tag-values")
    public List<Map<String, Object>> tagValues(@RequestBody(required = false) String body) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String p : providerNames()) {
            out.add(Map.of("text", p));
        }
        return out;
    }

    @PostMapping("/annotations")
    public List<Object> annotations(@RequestBody(required = false) String body) {
        return List.of();
    }

    @PostMapping("/query")
    public List<Map<String, Object>> query(@RequestBody(required = false) String body) {
        JsonNode q = json(body);
        JsonNode range = q.path("range");
        Instant to = TimeParam.parse("range.to", range.path("to").isString() ? range.path("to").asString() : null, clock.instant());
        Instant from = TimeParam.parse("range.from", range.path("from").isString() ? range.path("from").asString() : null,
            to.minus(Duration.ofHours(1)));
        JsonNode targets = q.path("targets");
        if (!targets.isArray()) {
            throw ProxyErrors.targetsNotArray(targets.toString());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode t : targets) {
            String target = t.path("target").asString("");
            if (target.equals("circuit_breakers")) {
                out.add(breakerTable());
                continue;
            }
            ToDoubleFunction<ProviderHealth> f = METRICS.get(target);
            if (f == null) {
                List<String> known = new ArrayList<>(METRICS.keySet());
                known.add("circuit_breakers");
                throw ProxyErrors.unknownTarget(target, known);
            }
            String only = t.path("payload").path("provider").isString() ? t.path("payload").path("provider").asString() : null;
            Map<String, List<List<Object>>> series = new LinkedHashMap<>();
            for (Snapshot s : store.between(from, to)) {
                for (ProviderHealth p : s.providers()) {
                    if (only != null && !only.isEmpty() && !only.equals(p.provider())) {
                        continue;
                    }
                    series.computeIfAbsent(p.provider(), k -> new ArrayList<>()).add(List.of(f.applyAsDouble(p), s.at().toEpochMilli()));
                }
            }
            series.forEach((p, points) -> out.add(Map.of("target", p + " " + target, "datapoints", points)));
        }
        return out;
    }

    private Map<String, Object> breakerTable() {
        Snapshot s = store.latest();
        List<List<Object>> rows = new ArrayList<>();
        for (BreakerState b : s.breakers()) {
            rows.add(List.of(s.at().toEpochMilli(), b.provider(), b.model(), b.state()));
        }
        return Map.of("type", "table", "columns", List.of(Map.of("text", "Time", "type", "time"), Map.of("text", "Provider", "type", "string"),
            Map.of("text", "Model", "type", "string"), Map.of("text", "State", "type", "string")), "rows", rows);
    }

    private TreeSet<String> providerNames() {
        TreeSet<String> s = new TreeSet<>();
        store.latest().providers().forEach(p -> s.add(p.provider()));
        return s;
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ProxyErrors.malformedJson(e.getOriginalMessage());
        }
        if (!n.isObject()) {
            throw ProxyErrors.bodyNotObject();
        }
        return n;
    }
}
