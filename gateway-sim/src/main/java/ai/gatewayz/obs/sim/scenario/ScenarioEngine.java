package ai.gatewayz.obs.sim.scenario;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.catalog.Model;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Holds the scheduled, running and finished scenarios and answers which {@link Faults} are in force
 * at an instant. Scenario ids are sequential ({@code s1}, {@code s2}...), so a replay with the same
 * inputs yields the same ids. Thread-safe (copy-on-write list; reads see a consistent snapshot).
 */
public final class ScenarioEngine {
    public static final Set<String> CACHE_LAYERS = Set.of("auth", "rate_limit", "model_catalog", "response_cache", "trial_analytics");

    private final Catalog catalog;
    private volatile List<GroundTruth> scenarios = List.of();
    private int next = 1;

    public ScenarioEngine(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Validates and schedules a scenario relative to {@code now}; returns its ground-truth record. */
    public synchronized GroundTruth add(ScenarioSpec spec, Instant now) {
        String provider = spec.provider();
        String model = spec.model();
        if (provider != null && !catalog.hasProvider(provider)) {
            throw new IllegalArgumentException("unknown provider [provider=" + provider + "]");
        }
        if (model != null) {
            Model m = catalog.model(model).orElseThrow(() -> new IllegalArgumentException("unknown model [model=" + spec.model() + "]"));
            model = m.id();
            if (spec.kind() == ScenarioKind.MODEL_DEGRADED && !m.providers().contains(provider)) {
                throw new IllegalArgumentException("provider does not serve the model [provider=" + provider + ", model=" + model + "]");
            }
            if (spec.kind() == ScenarioKind.ROUTING_REGRESSION) {
                if (m.providers().size() < 2) {
                    throw new IllegalArgumentException("model has no fallback provider to misroute to [model=" + model + "]");
                }
                provider = m.providers().get(m.providers().size() - 1);
            }
        }
        if (spec.cacheLayer() != null && !CACHE_LAYERS.contains(spec.cacheLayer())) {
            throw new IllegalArgumentException("unknown cache layer [cache_layer=" + spec.cacheLayer() + "]");
        }
        Instant start = now.plus(spec.startAfter());
        Instant end = start.plus(spec.duration());
        String id = "s" + next++;
        GroundTruth g = new GroundTruth(id, spec.kind(), provider, model, spec.user(), spec.cacheLayer(), spec.factor(),
            start, end, expected(spec.kind(), provider, model, spec.user(), spec.cacheLayer()), describe(spec, provider, model));
        List<GroundTruth> copy = new ArrayList<>(scenarios);
        copy.add(g);
        scenarios = List.copyOf(copy);
        return g;
    }

    /** Ends a scenario now (or cancels it if it has not started). */
    public synchronized Optional<GroundTruth> stop(String id, Instant now) {
        List<GroundTruth> copy = new ArrayList<>(scenarios);
        for (int i = 0; i < copy.size(); i++) {
            GroundTruth g = copy.get(i);
            if (g.id().equals(id)) {
                GroundTruth ended = now.isBefore(g.end()) ? g.endedAt(now) : g;
                copy.set(i, ended);
                scenarios = List.copyOf(copy);
                return Optional.of(ended);
            }
        }
        return Optional.empty();
    }

    /** Every scenario ever added, in order: the ground truth of the run. */
    public List<GroundTruth> groundTruth() {
        return scenarios;
    }

    public Faults faultsAt(Instant t) {
        List<GroundTruth> all = scenarios;
        if (all.isEmpty()) {
            return Faults.NONE;
        }
        List<GroundTruth> active = new ArrayList<>(2);
        for (GroundTruth g : all) {
            if (g.activeAt(t)) {
                active.add(g);
            }
        }
        return active.isEmpty() ? Faults.NONE : new Faults(active, t);
    }

    private static String describe(ScenarioSpec s, String provider, String model) {
        return switch (s.kind()) {
            case PROVIDER_OUTAGE -> "every call to " + provider + " fails with 503";
            case MODEL_DEGRADED -> model + " on " + provider + " fails 70% more often and is " + s.factor() + "x slower";
            case LATENCY_SPIKE -> provider + " answers " + s.factor() + "x slower";
            case SLOW_CACHE -> "cache layer " + s.cacheLayer() + " answers " + s.factor() + "x slower";
            case BREAKER_FLAPPING -> provider + " fails for the first half of every " + s.factor() + " s period";
            case TOKEN_BURN -> "user " + s.user() + " sends half of all requests, with 8x longer completions";
            case ROUTING_REGRESSION -> "deploy routes " + model + " to " + provider + " first";
        };
    }

    private static List<String> expected(ScenarioKind kind, String provider, String model, String user, String layer) {
        return switch (kind) {
            case PROVIDER_OUTAGE -> List.of(
                "model_inference_requests_total{provider=\"" + provider + "\",status=\"error\"} rises, other providers unchanged",
                "circuit_breaker_current_state{provider=\"" + provider + "\",state=\"open\"} == 1",
                "health_score{provider=\"" + provider + "\"} falls",
                "ERROR log lines with provider=" + provider,
                "spans with ai.provider=" + provider + " and status ERROR");
            case MODEL_DEGRADED -> List.of(
                "model_inference_requests_total{provider=\"" + provider + "\",model=~\".*" + model + "\",status=\"error\"} rises",
                "model_inference_duration_seconds for that pair shifts up, other models on " + provider + " unchanged");
            case LATENCY_SPIKE -> List.of(
                "model_inference_duration_seconds{provider=\"" + provider + "\"} p95 rises",
                "time_to_first_chunk_seconds{provider=\"" + provider + "\"} rises",
                "Slow first chunk WARNING lines for " + provider);
            case SLOW_CACHE -> List.of(
                "spans of cache layer " + layer + " get longer",
                "request_stage_duration_seconds of the stage using " + layer + " rises",
                "profiles tagged cache_layer=" + layer);
            case BREAKER_FLAPPING -> List.of(
                "circuit_breaker_state_transitions_total{provider=\"" + provider + "\"} increases repeatedly",
                "circuit_breaker_current_state{provider=\"" + provider + "\"} alternates between open, half_open and closed");
            case TOKEN_BURN -> List.of(
                "tokens_used_total{token_type=\"output\"} rises",
                "credits_used_total rises",
                "spans with user.id=" + user + " dominate");
            case ROUTING_REGRESSION -> List.of(
                "model_inference_requests_total{provider=\"" + provider + "\",model=~\".*" + model + "\"} replaces the primary provider's series",
                "\"Deploy\" log line at the start");
        };
    }
}
