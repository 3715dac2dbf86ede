package ai.gatewayz.obs.monitoring.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.sim.scenario.ScenarioKind;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's "normal traffic for a simulated day produces no page": gateway-sim at its default
 * traffic ({@link TrafficOptions#DEFAULTS}) in virtual time for 24 hours, scraped every 60 s into
 * metrics-store's TSDB, with the bundled rules a page depends on ({@link PageRules}: every
 * critical alert of deploy/rules and the recording rules it reads, transitively; unchanged, at
 * their groups' own intervals) evaluated by metrics-store's rule engine in the same virtual time.
 * The rules left out cannot change a page; they are the warning tiers and day-long baselines,
 * whose cost would make the day take an hour; likewise the scrapes keep only the families those
 * rules read. A page is an alert with {@code severity="critical"}, the label
 * alert-router's routing tree sends to the critical receiver (deploy/alertmanager). The same
 * harness with a provider outage staged must page, naming the provider, so the first test can fail.
 * Warnings that fired are printed (they go to the ops mailbox, not a pager).
 */
class SimulatedDayTest {
    /** Coarser than production's 15 s (and the other feeds' 30 s) to keep a day to a few minutes of CPU. */
    static final Duration SCRAPE = Duration.ofSeconds(60);
    static final String PAGE_LABEL = "severity";
    static final String PAGE_VALUE = "critical";

    static final List<RuleGroupSpec> PAGE_RULES = PageRules.closure(SimFeed.bundledGroups());

    static SimFeed feed(Path dir, long seed) {
        SimFeed f = new SimFeed(seed, TrafficOptions.DEFAULTS.requestsPerSecond(), SCRAPE, PAGE_RULES, SimFeed.T0,
                clock -> Tsdb.open(dir, TsdbOptions.defaults(), clock));
        // what the page rules can read; the other families cannot change a page
        f.scrapeOnly(PAGE_RULES.stream().flatMap(g -> g.rules().stream()).flatMap(r -> PageRules.names(r.expr()).stream()).toList());
        return f;
    }

    /** Progress of the long run, appended to target/simulated-day.txt as it goes (surefire keeps stdout until the end). */
    static void progress(String line) {
        try {
            Files.writeString(Path.of("target/simulated-day.txt"), line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<SimFeed.Fired> pages(SimFeed f) {
        return f.fired().stream().filter(a -> PAGE_VALUE.equals(a.labels().get(PAGE_LABEL))).toList();
    }

    @Test
    void theBundledRulesPageOnlyWithSeverityCriticalAndTheRouterSendsThatToTheCriticalReceiver() {
        // the definition of "page" this test relies on: every alert carries severity, critical or warning
        Map<String, String> severities = new TreeMap<>();
        for (RuleGroupSpec g : SimFeed.bundledGroups()) {
            for (RuleSpec r : g.rules()) {
                if (r.alert() != null) {
                    severities.merge(r.alert(), r.labels().get(PAGE_LABEL), (a, b) -> a.equals(b) ? a : a + "," + b);
                }
            }
        }
        assertThat(severities).isNotEmpty();
        assertThat(severities.values()).allSatisfy(s -> assertThat(s.split(",")).allSatisfy(v -> assertThat(v).isIn("critical", "warning")));
        assertThat(severities).containsEntry("ProviderHighErrorRate", "critical");
    }

    @Test
    void thePageRulesAreEveryCriticalAlertAndEveryRecordingRuleTheyReadTransitively() {
        List<RuleSpec> kept = PAGE_RULES.stream().flatMap(g -> g.rules().stream()).toList();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        kept.stream().filter(r -> r.record() != null).forEach(r -> recorded.add(r.record()));
        java.util.Set<String> allRecorded = new java.util.HashSet<>();
        SimFeed.bundledGroups().forEach(g -> g.rules().stream().filter(r -> r.record() != null).forEach(r -> allRecorded.add(r.record())));
        long criticalAlerts = SimFeed.bundledGroups().stream().flatMap(g -> g.rules().stream()).filter(PageRules::pages).count();
        assertThat(kept.stream().filter(r -> r.alert() != null)).hasSize((int) criticalAlerts).allMatch(PageRules::pages);
        for (RuleSpec r : kept) {
            for (String n : PageRules.names(r.expr())) {
                if (allRecorded.contains(n)) {
                    assertThat(recorded).as((r.alert() != null ? r.alert() : r.record()) + " reads " + n).contains(n);
                }
            }
        }
        assertThat(recorded).contains("provider:model_inference_failure_ratio:rate2m", "provider:model_inference_failures:rate2m",
                        "job:fastapi_requests_error_ratio:rate5m", "provider:slo_availability_error_ratio:rate6h")
                .doesNotContain("provider:model_inference_duration_seconds:p95_1d", "provider:slo_availability_error_ratio:rate3d");
        // the groups keep their shipped intervals
        for (RuleGroupSpec g : PAGE_RULES) {
            assertThat(g.intervalMs()).isEqualTo(SimFeed.bundledGroups().stream().filter(b -> b.key().equals(g.key())).findFirst()
                    .orElseThrow().intervalMs());
        }
    }

    @Test
    void aDayOfNormalTrafficPagesNobody(@TempDir Path dir) {
        try (SimFeed f = feed(dir, 19)) {
            long t0 = System.nanoTime();
            for (int h = 0; h < 24; h++) {
                f.run(Duration.ofHours(1));
                progress(String.format("simulated day: hour %d done after %d s (cpu %d s)%n", h + 1, (System.nanoTime() - t0) / 1_000_000_000,
                        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000_000));
            }
            System.out.printf("simulated day: 24 h at %.0f rps in %d s%n", TrafficOptions.DEFAULTS.requestsPerSecond(),
                    (System.nanoTime() - t0) / 1_000_000_000);
            f.fired().forEach(a -> System.out.println("simulated day: fired " + a.alertname() + " " + a.labels() + " at "
                    + java.time.Instant.ofEpochMilli(a.atMs())));
            assertThat(f.ruleErrors()).isEmpty();
            // the rules had something to judge: per-provider failure ratios and SLO ratios over the whole day
            assertThat(f.instant("count(provider:model_inference_failure_ratio:rate2m)").vector().get(0).v()).isGreaterThan(10);
            assertThat(f.instant("count(provider:slo_availability_error_ratio:rate6h)").vector().get(0).v()).isGreaterThan(10);
            assertThat(pages(f)).as("pages during a day of normal traffic").isEmpty();
        }
    }

    @Test
    void theSameHarnessWithAProviderOutagePagesNamingTheProvider(@TempDir Path dir) {
        try (SimFeed f = feed(dir, 19)) {
            f.run(Duration.ofHours(2));
            assertThat(pages(f)).as("before the outage").isEmpty();
            String provider = f.catalog().model("gpt-4o-mini").orElseThrow().providers().get(0);
            f.inject(new ScenarioSpec(ScenarioKind.PROVIDER_OUTAGE, provider, null, null, null, 0, Duration.ZERO, Duration.ofMinutes(5)));
            f.run(Duration.ofMinutes(6));
            assertThat(f.ruleErrors()).isEmpty();
            List<SimFeed.Fired> pages = pages(f);
            assertThat(pages).extracting(SimFeed.Fired::alertname).contains("ProviderHighErrorRate");
            assertThat(pages).extracting(a -> a.labels().get("provider")).containsOnly(provider);
        }
    }
}
