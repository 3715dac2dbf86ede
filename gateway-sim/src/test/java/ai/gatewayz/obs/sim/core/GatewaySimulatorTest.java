package ai.gatewayz.obs.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.sim.routing.BreakerState;
import ai.gatewayz.obs.sim.scenario.ScenarioKind;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatewaySimulatorTest {
    private static final ChatRequest OK = new ChatRequest("gw-sim-key-1", "gpt-4o-mini", false, 400, null, 0, Double.NaN);

    @Test
    void healthyTrafficMostlySucceedsWithPlausibleLatenciesTokensAndCost() {
        SimulatorFixture f = new SimulatorFixture(42, 5);
        List<Outcome> out = f.run(Duration.ofMinutes(10));
        assertThat(out).hasSize(3000);
        double ok = out.stream().filter(Outcome::success).count() / (double) out.size();
        assertThat(ok).isBetween(0.95, 0.999);
        Outcome s = out.stream().filter(o -> o.success() && o.request().stream() && !o.responseCacheHit()).findFirst().orElseThrow();
        assertThat(s.ttfcMs()).isPositive().isLessThan(s.totalMs());
        assertThat(s.inputTokens()).isPositive();
        assertThat(s.outputTokens()).isPositive();
        assertThat(s.costUsd()).isPositive();
        assertThat(s.chunks()).isPositive();
        assertThat(out.stream().map(Outcome::provider).filter(p -> p != null).distinct().count()).isGreaterThan(15);
        assertThat(out.stream().filter(Outcome::responseCacheHit).count()).isGreaterThan(10);
        assertThat(out.stream().filter(o -> o.status() == 401).count()).isPositive();
        assertThat(out.stream().filter(o -> o.status() == 404).count()).isPositive();
        // auth cache warms up: most lookups hit
        long authHits = out.stream().flatMap(o -> o.stages().stream())
            .filter(st -> "auth".equals(st.cacheLayer()) && "read".equals(st.cacheOp()) && st.hit()).count();
        assertThat(authHits).isGreaterThan(out.size() * 8L / 10);
    }

    @Test
    void unknownKeyIs401UnknownModelIs404() {
        SimulatorFixture f = new SimulatorFixture(1, 1);
        Outcome a = f.sim.handle(0, new ChatRequest("bad", "gpt-4o", false, 10, null, 0, Double.NaN), SimulatorFixture.T0);
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.errorCode()).isEqualTo("invalid_api_key");
        assertThat(a.attempts()).isEmpty();
        Outcome b = f.sim.handle(1, new ChatRequest("gw-sim-key-1", "gpt-9", false, 10, null, 0, Double.NaN), SimulatorFixture.T0);
        assertThat(b.status()).isEqualTo(404);
        assertThat(b.errorCode()).isEqualTo("model_not_found");
    }

    @Test
    void trialUserIsRateLimitedAtSixtyPerMinute() {
        SimulatorFixture f = new SimulatorFixture(1, 1);
        int limited = 0;
        for (int i = 0; i < 80; i++) {
            Outcome o = f.sim.handle(i, new ChatRequest("gw-sim-key-5", "gpt-4o-mini", false, 10, null, 0, Double.NaN), SimulatorFixture.T0);
            if (o.status() == 429 && o.rateLimited()) {
                limited++;
            }
        }
        assertThat(limited).isEqualTo(20);
    }

    @Test
    void outageFailsOverToTheNextProviderAndOpensTheBreaker() {
        SimulatorFixture f = new SimulatorFixture(7, 1);
        f.scenarios.add(new ScenarioSpec(ScenarioKind.PROVIDER_OUTAGE, "openai", null, null, null, 0, Duration.ZERO, Duration.ofMinutes(5)),
            SimulatorFixture.T0);
        Outcome first = f.sim.handle(0, OK, SimulatorFixture.T0);
        assertThat(first.attempts().get(0).provider()).isEqualTo("openai");
        assertThat(first.attempts().get(0).result()).isEqualTo(AttemptResult.UNAVAILABLE);
        assertThat(first.success()).isTrue();
        assertThat(first.provider()).isEqualTo("openrouter");
        assertThat(first.fallbackUsed()).isTrue();
        for (int i = 1; i < 5; i++) {
            f.sim.handle(i, OK, SimulatorFixture.T0.plusSeconds(i));
        }
        assertThat(f.sim.providerBreaker("openai").state()).isEqualTo(BreakerState.OPEN);
        Outcome skipped = f.sim.handle(6, OK, SimulatorFixture.T0.plusSeconds(6));
        assertThat(skipped.attempts().get(0).result()).isEqualTo(AttemptResult.BREAKER_OPEN);
        assertThat(f.sim.stats().healthScore("openai")).isEqualTo(75.0);
    }

    @Test
    void responseCacheHitSkipsTheProvider() {
        SimulatorFixture f = new SimulatorFixture(3, 1);
        ChatRequest r = new ChatRequest("gw-sim-key-1", "gpt-4o", false, 100, "popular-1", 0, Double.NaN);
        Outcome miss = f.sim.handle(0, r, SimulatorFixture.T0);
        Outcome hit = f.sim.handle(1, r, SimulatorFixture.T0.plusSeconds(1));
        assertThat(miss.responseCacheHit()).isFalse();
        assertThat(miss.attempts()).isNotEmpty();
        assertThat(hit.responseCacheHit()).isTrue();
        assertThat(hit.attempts()).isEmpty();
        assertThat(hit.costUsd()).isZero();
    }

    @Test
    void sameSeedSameScenarioSameOutcomes() {
        List<String> a = trace(99);
        List<String> b = trace(99);
        List<String> c = trace(100);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static List<String> trace(long seed) {
        SimulatorFixture f = new SimulatorFixture(seed, 4);
        f.scenarios.add(new ScenarioSpec(ScenarioKind.BREAKER_FLAPPING, "anthropic", null, null, null, 0, Duration.ofMinutes(1),
            Duration.ofMinutes(5)), f.clock.instant());
        f.scenarios.add(new ScenarioSpec(ScenarioKind.TOKEN_BURN, null, null, "user-3", null, 0, Duration.ofMinutes(2),
            Duration.ofMinutes(2)), f.clock.instant());
        return f.run(Duration.ofMinutes(8)).stream()
            .map(o -> o.seq() + " " + o.id() + " " + o.status() + " " + o.provider() + " " + o.totalMs() + " " + o.outputTokens()
                + " " + o.attempts().stream().map(x -> x.provider() + ":" + x.result()).collect(Collectors.joining(",")))
            .toList();
    }

    @Test
    void flappingScenarioMakesTheBreakerCycle() {
        StringBuilder log = new StringBuilder();
        SimulatorFixture f = new SimulatorFixture(5, 10, (p, m, from, to, at) -> {
            if (m == null && p.equals("anthropic")) {
                log.append(to.label()).append(' ');
            }
        });
        f.scenarios.add(new ScenarioSpec(ScenarioKind.BREAKER_FLAPPING, "anthropic", null, null, null, 0, Duration.ZERO,
            Duration.ofMinutes(10)), f.clock.instant());
        f.run(Duration.ofMinutes(10));
        String s = log.toString();
        assertThat(s.split("open ").length).isGreaterThan(3);
        assertThat(s).contains("half_open closed");
    }

    @Test
    void tokenBurnConcentratesOutputTokensOnOneUser() {
        SimulatorFixture f = new SimulatorFixture(8, 4);
        f.scenarios.add(new ScenarioSpec(ScenarioKind.TOKEN_BURN, null, null, "user-9", null, 0, Duration.ZERO, Duration.ofMinutes(3)),
            f.clock.instant());
        Map<String, Long> tokens = f.run(Duration.ofMinutes(3)).stream().filter(o -> o.user() != null)
            .collect(Collectors.groupingBy(o -> o.user().id(), Collectors.summingLong(Outcome::outputTokens)));
        long burner = tokens.get("user-9");
        long others = tokens.entrySet().stream().filter(e -> !e.getKey().equals("user-9")).mapToLong(Map.Entry::getValue).sum();
        assertThat(burner).isGreaterThan(others * 3);
    }

    @Test
    void routingRegressionSendsTheModelToItsLastFallbackFirst() {
        SimulatorFixture f = new SimulatorFixture(9, 1);
        var g = f.scenarios.add(new ScenarioSpec(ScenarioKind.ROUTING_REGRESSION, null, "gpt-4o-mini", null, null, 0, Duration.ZERO,
            Duration.ofMinutes(3)), f.clock.instant());
        assertThat(g.provider()).isEqualTo("vercel-ai-gateway");
        Outcome o = f.sim.handle(0, OK, SimulatorFixture.T0);
        assertThat(o.attempts().get(0).provider()).isEqualTo("vercel-ai-gateway");
    }
}
