package ai.gatewayz.obs.monitoring.questions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaMacros;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.sim.catalog.Model;
import ai.gatewayz.obs.sim.scenario.ScenarioKind;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The five operator questions of issue 19, each answered by its named dashboard panel: gateway-sim
 * runs in virtual time into a metrics-store storage with the bundled rules (see {@link SimFeed}),
 * first normal traffic, where the panel must name nobody, then the matching scenario, where it must
 * name the culprit the scenario's ground truth names. Queries are the dashboards' own, after the
 * substitution Grafana does (all variables on "All").
 */
class OperatorQuestionsTest {
    static final long SEED = 7;
    static final double RPS = 2;
    static final Duration SCRAPE = Duration.ofSeconds(30);
    /** The most popular model of the traffic mix (a fifth of all requests) and its primary provider. */
    static final String MODEL_ID = "gpt-4o-mini";

    static String panel(String uid, String title, String refId, Duration range) {
        GrafanaMacros m = new GrafanaMacros(SCRAPE, SCRAPE, range, Map.of("provider", ".*", "model", ".*", "user", ".+"));
        return m.apply(Dashboards.promql(uid, title, refId));
    }

    static Set<String> label(QueryResult r, String... names) {
        return r.vector().stream().map(s -> {
            StringBuilder b = new StringBuilder();
            for (String n : names) {
                b.append(b.isEmpty() ? "" : "/").append(s.labels().get(n));
            }
            return b.toString();
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    static SimFeed feed(String... groups) {
        Set<String> g = Set.of(groups);
        return new SimFeed(SEED, RPS, SCRAPE, g::contains);
    }

    static Model model(SimFeed f) {
        return f.catalog().model(MODEL_ID).orElseThrow();
    }

    @Test
    void q1WhichProviderIsDegradingNowForOneModelOrAll() {
        try (SimFeed f = feed("gatewayz_inference_rates", "gatewayz_baselines", "gatewayz_providers")) {
            String providers = panel("gatewayz-provider-directory", "Q1 — Providers failing above their own baseline", "A", Duration.ofHours(1));
            String pairs = panel("gatewayz-provider-directory", "Q1 — Provider × model pairs failing above their own baseline", "A", Duration.ofHours(1));
            f.run(Duration.ofMinutes(40));
            assertThat(f.ruleErrors()).isEmpty();
            assertThat(label(f.instant(providers), "provider")).as("normal traffic names no provider").isEmpty();
            assertThat(label(f.instant(pairs), "provider", "model")).as("normal traffic names no pair").isEmpty();
            assertThat(f.firing("ProviderHighErrorRate")).as("no page under normal traffic").isEmpty();

            Model m = model(f);
            String p = m.providers().get(0);
            f.inject(new ScenarioSpec(ScenarioKind.PROVIDER_OUTAGE, p, null, null, null, 0, Duration.ZERO, Duration.ofMinutes(5)));
            f.run(Duration.ofMinutes(3));
            assertThat(label(f.instant(providers), "provider")).as("outage of " + p).containsExactly(p);
            // and the page: ProviderHighErrorRate fires for that provider only, 4 minutes in
            f.run(Duration.ofMinutes(1));
            assertThat(f.firing("ProviderHighErrorRate")).extracting(a -> a.labels().get("provider")).containsExactly(p);

            f.run(Duration.ofMinutes(11));
            assertThat(label(f.instant(providers), "provider")).as("10 minutes after the outage").isEmpty();

            // one model on one provider: the provider as a whole barely moves, the pair does
            String p2 = m.providers().get(0);
            f.inject(new ScenarioSpec(ScenarioKind.MODEL_DEGRADED, p2, MODEL_ID, null, null, 0, Duration.ZERO, Duration.ofMinutes(10)));
            f.run(Duration.ofMinutes(6));
            assertThat(label(f.instant(pairs), "provider", "model")).as("degraded " + MODEL_ID + " on " + p2)
                    .containsExactly(p2 + "/" + m.canonical());
        }
    }

    @Test
    void q2WhatPartOfP99IsTheProviderCallTokenCountingOrACache() {
        try (SimFeed f = feed("gatewayz_baselines")) {
            String ratio = panel("gatewayz-streaming", "Q2 — Stage P99 against its 1d P99", "A", Duration.ofHours(1));
            f.run(Duration.ofMinutes(70));
            assertThat(f.ruleErrors()).isEmpty();
            Map<String, Double> normal = byLabel(f.instant(ratio), "stage");
            assertThat(normal).as("every stage has a baseline").containsKeys("backend_fetch", "request_preparation", "auth_validation");
            assertThat(normal.values()).as("normal traffic: no stage far above its day " + normal).allSatisfy(v -> assertThat(v).isLessThan(2));

            f.inject(new ScenarioSpec(ScenarioKind.SLOW_CACHE, null, null, null, "rate_limit", 0, Duration.ZERO, Duration.ofMinutes(10)));
            f.run(Duration.ofMinutes(5));
            Map<String, Double> slowCache = byLabel(f.instant(ratio), "stage");
            assertThat(top(slowCache)).as("slow rate_limit cache " + slowCache).isEqualTo("request_preparation");
            assertThat(slowCache.get("request_preparation")).isGreaterThan(3);
            assertThat(slowCache.get("backend_fetch")).isLessThan(2);
        }
    }

    @Test
    void q3HowLongHasTheBreakerBeenOpenAndWhenDidItFirstOpen() {
        try (SimFeed f = feed("gatewayz_inference_rates", "gatewayz_providers")) {
            String openFor = panel("gatewayz-provider-directory", "Q3 — Open for (seconds) and first opened at", "A", Duration.ofHours(1));
            String firstOpened = panel("gatewayz-provider-directory", "Q3 — Open for (seconds) and first opened at", "B", Duration.ofHours(1));
            f.run(Duration.ofMinutes(20));
            assertThat(f.ruleErrors()).isEmpty();
            assertThat(label(f.instant(openFor), "provider")).as("normal traffic: no breaker open").isEmpty();

            String p = model(f).providers().get(0);
            f.inject(new ScenarioSpec(ScenarioKind.BREAKER_FLAPPING, p, null, null, null, 0, Duration.ZERO, Duration.ofMinutes(20)));
            f.run(Duration.ofMinutes(12));
            long firstOpen = f.transitions().stream().filter(t -> t.provider().equals(p) && t.to().equals("open"))
                    .mapToLong(SimFeed.Transition::atMs).min().orElseThrow();
            assertThat(f.transitions().stream().filter(t -> t.provider().equals(p) && t.to().equals("closed")).count())
                    .as("the breaker flapped (closed again in between)").isGreaterThan(1);
            QueryResult r = f.instant(openFor);
            assertThat(label(r, "provider")).containsExactly(p);
            double expected = (f.nowMs() - firstOpen) / 1000.0;
            // scrape (30 s) plus the alert group's evaluation interval (60 s) of delay at most
            assertThat(r.vector().get(0).v()).as("open for, seconds").isCloseTo(expected, within(90.0));
            assertThat(r.vector().get(0).v()).isLessThanOrEqualTo(expected);
            assertThat(f.instant(firstOpened).vector().get(0).v()).as("first opened, epoch ms").isCloseTo(firstOpen, within(90_000.0));
        }
    }

    @Test
    void q4WhichModelAndUserBurnedTheTokenBudget() {
        try (SimFeed f = feed("gatewayz_inference_rates", "gatewayz_baselines")) {
            String burn = panel("gatewayz-model-usage", "Q4 — Output-token burn against the model's 1d rate", "A", Duration.ofHours(1));
            String extraTokens = panel("gatewayz-model-usage", "Q4 — Output-token burn against the model's 1d rate", "B", Duration.ofHours(1));
            String tokens = panel("gatewayz-model-usage", "Q4 — Tokens by model in the range, and a week before", "A", Duration.ofMinutes(10));
            f.run(Duration.ofMinutes(40));
            assertThat(f.ruleErrors()).isEmpty();
            Map<String, Double> normal = byLabel(f.instant(burn), "model");
            assertThat(normal).as("the top 5 models").hasSize(5);
            assertThat(normal.values()).as("normal traffic: no model burns far above its day " + normal).allSatisfy(v -> assertThat(v).isLessThan(3));

            f.inject(new ScenarioSpec(ScenarioKind.TOKEN_BURN, null, null, "user-2", null, 0, Duration.ZERO, Duration.ofMinutes(20)));
            f.run(Duration.ofMinutes(10));
            // the panel's top model by extra tokens is one the burning user drove hardest in the last 5 minutes
            QueryResult extra = f.instant(extraTokens);
            QueryResult.Sample topExtra = extra.vector().stream().max(Comparator.comparingDouble(QueryResult.Sample::v)).orElseThrow();
            long since = f.nowMs() - Duration.ofMinutes(5).toMillis();
            Map<String, Long> byUserModel = f.served().stream().filter(s -> s.atMs() > since && s.user().equals("user-2"))
                    .collect(Collectors.groupingBy(s -> s.provider() + "/" + s.model(), Collectors.summingLong(SimFeed.Served::outputTokens)));
            List<String> burnerTop = byUserModel.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(2).map(Map.Entry::getKey).toList();
            assertThat(burnerTop).as("burning user's top models " + byUserModel)
                    .contains(topExtra.labels().get("provider") + "/" + topExtra.labels().get("model"));
            Map<String, Double> burning = byLabel(f.instant(burn), "model");
            assertThat(burning.get(topExtra.labels().get("model"))).as("token burn " + burning).isGreaterThan(3);
            // and the user half comes from trace-store (Q4 user panel); the metrics carry no user
            QueryResult top = f.instant(tokens);
            assertThat(top.vector()).allSatisfy(s -> assertThat(s.labels().has("user")).isFalse());
        }
    }

    @Test
    void q5ATransientBlipOrARegression() {
        try (SimFeed f = feed("gatewayz_inference_rates", "gatewayz_baselines")) {
            String regressions = panel("gatewayz-system-quality", "Q5 — Regressions: above 3x the baseline now and over the hour", "A", Duration.ofHours(1));
            String now = panel("gatewayz-system-quality", "Q5 — Failure ratio now against the 1h and 1d baselines", "A", Duration.ofHours(1));
            f.run(Duration.ofMinutes(65));
            assertThat(f.ruleErrors()).isEmpty();
            assertThat(label(f.instant(regressions), "provider")).as("normal traffic: no regression").isEmpty();

            Model m = model(f);
            String p = m.providers().get(0);
            // a blip: a three-minute outage
            f.inject(new ScenarioSpec(ScenarioKind.PROVIDER_OUTAGE, p, null, null, null, 0, Duration.ZERO, Duration.ofMinutes(3)));
            f.run(Duration.ofMinutes(2));
            assertThat(label(f.instant(now + " > 0.5"), "provider")).as("the blip shows on the 2m line").containsExactly(p);
            assertThat(label(f.instant(regressions), "provider")).as("during the blip: not (yet) a regression").isEmpty();
            f.run(Duration.ofMinutes(11));
            assertThat(label(f.instant(regressions), "provider")).as("after the blip: not a regression").isEmpty();

            // a regression: after a bad change one model on the provider keeps failing
            f.inject(new ScenarioSpec(ScenarioKind.MODEL_DEGRADED, p, MODEL_ID, null, null, 0, Duration.ZERO, Duration.ofHours(2)));
            f.run(Duration.ofMinutes(30));
            assertThat(label(f.instant(regressions), "provider")).as("sustained failures of " + MODEL_ID + " on " + p).containsExactly(p);
        }
    }

    static Map<String, Double> byLabel(QueryResult r, String name) {
        return r.vector().stream().collect(Collectors.toMap(s -> s.labels().get(name), QueryResult.Sample::v, (a, b) -> a, java.util.TreeMap::new));
    }

    static String top(Map<String, Double> m) {
        return m.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    static List<String> names(QueryResult r) {
        return r.vector().stream().map(s -> s.labels().toString()).toList();
    }
}
