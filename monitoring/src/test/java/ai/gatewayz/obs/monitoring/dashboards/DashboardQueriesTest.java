package ai.gatewayz.obs.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Dashboard;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Target;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL query of every dashboard, after Grafana's substitution (all variables on "All"),
 * run as the range query Grafana sends over 70 minutes of normal gateway-sim traffic in
 * metrics-store with every bundled rule group evaluated: each returns data, or is listed in
 * {@link #NO_DATA} with the reason (and then must really return nothing, so the list cannot rot).
 * Prints the slowest queries (a measurement, not an assertion).
 */
class DashboardQueriesTest {
    static final Duration SCRAPE = Duration.ofSeconds(30);
    static final String BY_DESIGN = "empty under normal traffic by design: it lists culprits (OperatorQuestionsTest shows it naming them)";
    static final String SUITE = "the suite's own /metrics, not gateway-sim's: SimFeed scrapes gateway-sim only";

    /** "file / panel / refId" (or "file / panel / *" for every target of the panel) -> why it has no data here. */
    static final Map<String, String> NO_DATA = new LinkedHashMap<>();

    static {
        NO_DATA.put("provider-directory.json / Q1 — Providers failing above their own baseline / A", BY_DESIGN);
        NO_DATA.put("provider-directory.json / Q1 — Provider × model pairs failing above their own baseline / A", BY_DESIGN);
        NO_DATA.put("system-quality.json / Q5 — Regressions: above 3x the baseline now and over the hour / A", BY_DESIGN);
        NO_DATA.put("system-quality.json / Firing SLO alerts / A", BY_DESIGN);
        NO_DATA.put("provider-directory.json / Q3 — Open for (seconds) and first opened at / *",
                "from the CircuitBreakerOpen alert's for-state: no breaker opens under normal traffic (OperatorQuestionsTest.q3 shows it)");
        NO_DATA.put("model-usage.json / Q4 — Tokens by model in the range, and a week before / B", "offset 1w: the feed holds 70 minutes");
        NO_DATA.put("provider-directory.json / Health score (provider-health exposition) / A",
                "job gatewayz-data-metrics (/prometheus/data/metrics) is served by a Spring controller the feed does not run");
        NO_DATA.put("provider-directory.json / Per-model breakers not closed (provider-health exposition) / A",
                "job gatewayz-data-metrics (/prometheus/data/metrics) is served by a Spring controller the feed does not run");
        NO_DATA.put("golden-signals.json / Requests in progress and queued / A",
                "fastapi_requests_in_progress is written by gateway-sim's HTTP filter around real requests, not in virtual time");
        NO_DATA.put("golden-signals.json / Rejected requests/s / *",
                "concurrency_rejected_total and rate_limited_requests_total are written only on a rejection: none under normal traffic");
        String breakers = "circuit_breaker_* are written on a breaker's first transition or refusal: no breaker trips under normal traffic"
                + " (OperatorQuestionsTest.q3 shows them)";
        NO_DATA.put("provider-directory.json / Q3 — Breaker timeline (open or half-open) / A", breakers);
        NO_DATA.put("provider-directory.json / Breaker transitions and refused calls / *", breakers);
        NO_DATA.put("gatewayz-overview.json / Open circuit breakers / A", breakers);
        NO_DATA.put("gatewayz-overview.json / Suite: JVM heap used / A", SUITE);
        NO_DATA.put("suite-health.json / Scrape duration by target / A", "scrape_duration_seconds is written by metrics-store's scrape loop, which the feed replaces");
        for (String p : List.of("HTTP requests/s per suite service", "Ingest", "Rule evaluation", "Alert delivery",
                "Remote write (log ruler, trace-store → metrics-store)", "JVM heap used")) {
            NO_DATA.put("suite-health.json / " + p + " / *", SUITE);
        }
        String ruler = "recorded by log-store's ruler from logs (BundledLogRulesTest checks the values); the feed scrapes metrics only";
        for (String p : List.of("Error lines per minute vs 1 h and 24 h baselines", "Provider error ratio from logs",
                "Estimated streamed output tokens, top users (5 m)")) {
            NO_DATA.put("logs.json / " + p + " / *", ruler);
        }
        String generator = "written by trace-store's metrics generator from spans: TraceDashboardQueriesTest runs these with gateway-sim's "
                + "spans through the generator; this feed scrapes metrics only";
        for (String p : List.of("Calls between services", "Failed call ratio by server", "Inference calls per second", "Error ratio",
                "P99 span latency", "Tokens per second by model", "P99 span latency by span name, from the generator's latency series")) {
            NO_DATA.put("traces.json / " + p + " / *", generator);
        }
    }

    /**
     * The rule groups whose series or alerts the dashboards read: all but the per-model SLO groups
     * (their day-long ranges over every provider:model pair are most of the rule cost, and no panel
     * reads them) and the alert groups no panel reads.
     */
    static boolean feedsAPanel(String group) {
        return group.startsWith("gatewayz_") && !group.equals("gatewayz_service") && !group.equals("gatewayz_api_performance")
                && !group.equals("gatewayz_cost") || group.startsWith("slo_") && (group.endsWith("_provider") || group.endsWith("_provider_long"));
    }

    static String reason(Target t) {
        String f = t.dashboard().file().getFileName() + " / " + t.panel() + " / ";
        String r = NO_DATA.get(f + t.refId());
        return r != null ? r : NO_DATA.get(f + "*");
    }

    @Test
    void everyPromqlQueryReturnsDataOrIsListedWithItsReason() {
        Map<String, Long> micros = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int n = 0;
        try (SimFeed f = new SimFeed(11, 2, SCRAPE, DashboardQueriesTest::feedsAPanel)) {
            f.run(Duration.ofMinutes(70));
            assertThat(f.ruleErrors()).isEmpty();
            for (Dashboard d : Dashboards.all()) {
                Map<String, String> values = new java.util.HashMap<>();
                d.variables().forEach(v -> values.put(v.path("name").asString(), v.path("type").asString().equals("textbox") ? ".+" : ".*"));
                GrafanaMacros m = new GrafanaMacros(SCRAPE, Duration.ofMinutes(1), Duration.ofMinutes(30), values);
                for (Target t : d.targets()) {
                    if (!t.dsType().equals("prometheus")) {
                        continue;
                    }
                    String q = m.apply(t.query());
                    long t0 = System.nanoTime();
                    QueryResult r = f.range(q, Duration.ofMinutes(30), Duration.ofMinutes(1));
                    micros.put(t.where(), (System.nanoTime() - t0) / 1000);
                    n++;
                    boolean data = r.matrix() != null && r.matrix().stream().anyMatch(s -> s.size() > 0);
                    String why = reason(t);
                    if (!data && why == null) {
                        missing.add(t.where() + "\n    " + q);
                    }
                    if (data && why != null) {
                        stale.add(t.where() + " has data but is listed: " + why);
                    }
                }
            }
        }
        micros.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> System.out.println("slowest dashboard query: " + e.getValue() / 1000 + " ms " + e.getKey()));
        assertThat(missing).as("queries without data and without a reason").isEmpty();
        assertThat(stale).as("listed queries that do return data").isEmpty();
        assertThat(n).isGreaterThan(90);
    }
}
