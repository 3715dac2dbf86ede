package ai.gatewayz.obs.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.sim.catalog.Provider;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.support.Exposition;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each scenario changes exactly the signals it should, read back from the emitted data: the
 * Prometheus exposition of the metrics (parsed), and the finished spans. Every test runs a
 * baseline window and then the scenario window in virtual time under a fixed seed.
 */
class ScenarioSignalsTest {
    private static final Duration WINDOW = Duration.ofMinutes(4);
    private static final double RPS = 10;

    /** Per-provider error ratio and call count of model_inference_requests_total between two scrapes. */
    private record Calls(double ok, double err) {
        double total() {
            return ok + err;
        }

        double ratio() {
            return total() == 0 ? 0 : err / total();
        }
    }

    private static Calls calls(Exposition before, Exposition after, Map<String, String> match) {
        String n = "model_inference_requests_total";
        Map<String, String> ok = new java.util.HashMap<>(match);
        ok.put("status", "success");
        Map<String, String> err = new java.util.HashMap<>(match);
        err.put("status", "error");
        return new Calls(SignalHarness.value(after, n, n, ok) - SignalHarness.value(before, n, n, ok),
            SignalHarness.value(after, n, n, err) - SignalHarness.value(before, n, n, err));
    }

    private static double meanDuration(Exposition before, Exposition after, String family, Map<String, String> match) {
        double sum = SignalHarness.value(after, family, family + "_sum", match) - SignalHarness.value(before, family, family + "_sum", match);
        double count = SignalHarness.value(after, family, family + "_count", match) - SignalHarness.value(before, family, family + "_count", match);
        return count == 0 ? Double.NaN : sum / count;
    }

    private static double transitions(Exposition before, Exposition after, String provider, String to) {
        String n = "circuit_breaker_state_transitions_total";
        Map<String, String> m = to == null ? Map.of("provider", provider) : Map.of("provider", provider, "to_state", to);
        return SignalHarness.value(after, n, n, m) - SignalHarness.value(before, n, n, m);
    }

    /** Providers other than {@code target} keep their baseline error ratio and open no breaker. */
    private static void othersUnchanged(SignalHarness h, Exposition b0, Exposition b1, Exposition s1, String target) {
        for (Provider p : h.catalog.providers()) {
            if (p.slug().equals(target)) {
                continue;
            }
            Calls base = calls(b0, b1, Map.of("provider", p.slug()));
            Calls scen = calls(b1, s1, Map.of("provider", p.slug()));
            if (base.total() >= 100 && scen.total() >= 100) {
                // same binomial process before and after: allow 4 standard errors of the difference
                double pooled = (base.err() + scen.err()) / (base.total() + scen.total());
                double tolerance = 0.01 + 4 * Math.sqrt(pooled * (1 - pooled) * (1 / base.total() + 1 / scen.total()));
                assertThat(Math.abs(scen.ratio() - base.ratio())).as("error ratio of " + p.slug()).isLessThan(tolerance);
            }
            assertThat(transitions(b1, s1, p.slug(), "open")).as("breaker of " + p.slug()).isZero();
        }
    }

    @Test
    void providerOutageRaisesOnlyThatProvidersErrorRatioAndOpensItsBreaker() {
        try (SignalHarness h = new SignalHarness(11, RPS, false)) {
            Exposition b0 = h.scrape();
            h.run(WINDOW);
            Exposition b1 = h.scrape();
            GroundTruth g = h.inject(new ScenarioSpec(ScenarioKind.PROVIDER_OUTAGE, "openai", null, null, null, 0, Duration.ZERO, WINDOW));
            List<Outcome> during = h.run(WINDOW);
            Exposition s1 = h.scrape();
            assertThat(g.activeAt(during.get(0).start())).isTrue();
            assertThat(calls(b0, b1, Map.of("provider", "openai")).ratio()).isLessThan(0.05);
            Calls target = calls(b1, s1, Map.of("provider", "openai"));
            assertThat(target.ok()).isZero();
            assertThat(target.err()).isPositive();
            assertThat(transitions(b1, s1, "openai", "open")).isPositive();
            assertThat(SignalHarness.value(s1, "circuit_breaker_rejected_requests_total", "circuit_breaker_rejected_requests_total",
                Map.of("provider", "openai"))).isGreaterThan(100);
            assertThat(h.sim.stats().healthScore("openai")).isLessThan(50);
            // failover keeps openai's models answering through the aggregators
            long gpt = during.stream().filter(o -> o.model() != null && o.model().ownedBy().equals("openai") && o.user() != null).count();
            long gptOk = during.stream().filter(o -> o.model() != null && o.model().ownedBy().equals("openai") && o.success()).count();
            assertThat((double) gptOk / gpt).isGreaterThan(0.9);
            othersUnchanged(h, b0, b1, s1, "openai");
        }
    }

    @Test
    void degradedModelFailsOnlyOnThatProvider() {
        try (SignalHarness h = new SignalHarness(12, RPS, false)) {
            Exposition b0 = h.scrape();
            h.run(WINDOW);
            Exposition b1 = h.scrape();
            h.inject(new ScenarioSpec(ScenarioKind.MODEL_DEGRADED, "anthropic", "claude-3-5-sonnet", null, null, 0, Duration.ZERO, WINDOW));
            h.run(WINDOW);
            Exposition s1 = h.scrape();
            Map<String, String> pair = Map.of("provider", "anthropic", "model", "anthropic/claude-3-5-sonnet");
            assertThat(calls(b0, b1, pair).ratio()).isLessThan(0.05);
            assertThat(calls(b1, s1, pair).ratio()).isGreaterThan(0.5);
            Calls otherModel = calls(b1, s1, Map.of("provider", "anthropic", "model", "anthropic/claude-3-5-haiku"));
            assertThat(otherModel.total()).isPositive();
            assertThat(otherModel.ratio()).isLessThan(0.05);
        }
    }

    @Test
    void latencySpikeSlowsOnlyThatProvider() {
        try (SignalHarness h = new SignalHarness(13, RPS, false)) {
            Exposition b0 = h.scrape();
            h.run(WINDOW);
            Exposition b1 = h.scrape();
            h.inject(new ScenarioSpec(ScenarioKind.LATENCY_SPIKE, "groq", null, null, null, 8, Duration.ZERO, WINDOW));
            h.run(WINDOW);
            Exposition s1 = h.scrape();
            String f = "time_to_first_chunk_seconds";
            double before = meanDuration(b0, b1, f, Map.of("provider", "groq"));
            double after = meanDuration(b1, s1, f, Map.of("provider", "groq"));
            assertThat(after / before).isGreaterThan(4);
            double otherBefore = meanDuration(b0, b1, f, Map.of("provider", "openai"));
            double otherAfter = meanDuration(b1, s1, f, Map.of("provider", "openai"));
            assertThat(otherAfter / otherBefore).isBetween(0.7, 1.4);
            othersUnchanged(h, b0, b1, s1, "groq");
        }
    }

    @Test
    void slowCacheLayerLengthensOnlyItsStageAndSpans() {
        try (SignalHarness h = new SignalHarness(14, RPS, true)) {
            Exposition b0 = h.scrape();
            h.run(Duration.ofMinutes(1));
            Exposition b1 = h.scrape();
            int spansBefore = h.spans.size();
            h.inject(new ScenarioSpec(ScenarioKind.SLOW_CACHE, null, null, null, "auth", 60, Duration.ZERO, Duration.ofMinutes(1)));
            h.run(Duration.ofMinutes(1));
            Exposition s1 = h.scrape();
            String f = "request_stage_duration_seconds";
            assertThat(meanDuration(b1, s1, f, Map.of("stage", "auth_validation")) / meanDuration(b0, b1, f, Map.of("stage", "auth_validation")))
                .isGreaterThan(10);
            assertThat(meanDuration(b1, s1, f, Map.of("stage", "backend_fetch")) / meanDuration(b0, b1, f, Map.of("stage", "backend_fetch")))
                .isBetween(0.7, 1.4);
            AttributeKey<String> layer = AttributeKey.stringKey("cache.layer");
            double authBefore = meanSpanMs(h.spans.subList(0, spansBefore), "auth");
            double authAfter = meanSpanMs(h.spans.subList(spansBefore, h.spans.size()), "auth");
            double rlBefore = meanSpanMs(h.spans.subList(0, spansBefore), "rate_limit");
            double rlAfter = meanSpanMs(h.spans.subList(spansBefore, h.spans.size()), "rate_limit");
            assertThat(authAfter / authBefore).isGreaterThan(10);
            assertThat(rlAfter / rlBefore).isBetween(0.5, 2.0);
            assertThat(h.spans).anyMatch(s -> "auth".equals(s.getAttributes().get(layer)));
        }
    }

    private static double meanSpanMs(List<SpanData> spans, String layer) {
        AttributeKey<String> k = AttributeKey.stringKey("cache.layer");
        return spans.stream().filter(s -> layer.equals(s.getAttributes().get(k)))
            .mapToDouble(s -> (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1e6).average().orElse(Double.NaN);
    }

    @Test
    void flappingProviderTransitionsRepeatedlyAndNoOtherBreakerMoves() {
        try (SignalHarness h = new SignalHarness(15, RPS, false)) {
            Exposition b0 = h.scrape();
            h.run(WINDOW);
            Exposition b1 = h.scrape();
            h.inject(new ScenarioSpec(ScenarioKind.BREAKER_FLAPPING, "anthropic", null, null, null, 150, Duration.ZERO, Duration.ofMinutes(10)));
            h.run(Duration.ofMinutes(10));
            Exposition s1 = h.scrape();
            assertThat(transitions(b0, b1, "anthropic", null)).isZero();
            assertThat(transitions(b1, s1, "anthropic", "open")).isGreaterThanOrEqualTo(3);
            assertThat(transitions(b1, s1, "anthropic", "closed")).isGreaterThanOrEqualTo(2);
            othersUnchanged(h, b0, b1, s1, "anthropic");
        }
    }

    @Test
    void tokenBurnRaisesOutputTokensAndOneUserDominatesTheSpans() {
        try (SignalHarness h = new SignalHarness(16, 4, true)) {
            Exposition b0 = h.scrape();
            h.run(Duration.ofMinutes(2));
            Exposition b1 = h.scrape();
            int spansBefore = h.spans.size();
            h.inject(new ScenarioSpec(ScenarioKind.TOKEN_BURN, null, null, "user-9", null, 0, Duration.ZERO, Duration.ofMinutes(2)));
            h.run(Duration.ofMinutes(2));
            Exposition s1 = h.scrape();
            String n = "tokens_used_total";
            double before = SignalHarness.value(b1, n, n, Map.of("token_type", "output")) - SignalHarness.value(b0, n, n, Map.of("token_type", "output"));
            double after = SignalHarness.value(s1, n, n, Map.of("token_type", "output")) - SignalHarness.value(b1, n, n, Map.of("token_type", "output"));
            assertThat(after / before).isGreaterThan(3);
            AttributeKey<String> user = AttributeKey.stringKey("user.id");
            List<SpanData> inference = h.spans.subList(spansBefore, h.spans.size()).stream()
                .filter(s -> s.getName().startsWith("stream_completion_") || s.getName().startsWith("unified_handler/")).toList();
            long burner = inference.stream().filter(s -> "user-9".equals(s.getAttributes().get(user))).count();
            assertThat((double) burner / inference.size()).isGreaterThan(0.4);
        }
    }

    @Test
    void routingRegressionMovesTheModelToTheWrongProviderOnly() {
        try (SignalHarness h = new SignalHarness(17, RPS, false)) {
            Exposition b0 = h.scrape();
            h.run(WINDOW);
            Exposition b1 = h.scrape();
            GroundTruth g = h.inject(new ScenarioSpec(ScenarioKind.ROUTING_REGRESSION, null, "gpt-4o-mini", null, null, 0, Duration.ZERO, WINDOW));
            h.run(WINDOW);
            Exposition s1 = h.scrape();
            String model = "openai/gpt-4o-mini";
            assertThat(calls(b0, b1, Map.of("provider", "openai", "model", model)).total()).isGreaterThan(100);
            assertThat(calls(b0, b1, Map.of("provider", g.provider(), "model", model)).total()).isZero();
            assertThat(calls(b1, s1, Map.of("provider", g.provider(), "model", model)).total()).isGreaterThan(100);
            assertThat(calls(b1, s1, Map.of("provider", "openai", "model", model)).total()).isLessThan(10);
            // other openai models still go to openai
            assertThat(calls(b1, s1, Map.of("provider", "openai", "model", "openai/gpt-4o")).total()).isGreaterThan(50);
        }
    }
}
