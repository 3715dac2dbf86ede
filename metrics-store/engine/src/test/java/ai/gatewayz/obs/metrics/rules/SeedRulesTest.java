package ai.gatewayz.obs.metrics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alertmanager.PostableAlert;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.testsupport.PlaceholderExpressionValidator;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.Rule;
import ai.gatewayz.obs.rules.RuleFiles;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleHealth;
import ai.gatewayz.obs.rules.RuleManager;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.rules.VectorSample;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The seed's 17 alerting and 28 recording rules (reconstructed from shared/seed/seed-queries.jsonl
 * into src/test/resources/seed-rules) load, validate, schedule and evaluate; promtool 2.42 agrees
 * the files are valid.
 */
class SeedRulesTest {
    private static Path dir() throws URISyntaxException {
        return Path.of(SeedRulesTest.class.getResource("/seed-rules/alert.rules.yml").toURI()).getParent();
    }

    private static List<RuleGroupSpec> load() throws URISyntaxException {
        return RuleFiles.load(RuleFiles.expand(List.of("*.yml"), dir()),
                RuleParseOptions.defaults(new PlaceholderExpressionValidator()));
    }

    @Test
    void seedRulesLoadWithTheirGroupsAndIntervals() throws Exception {
        List<RuleGroupSpec> groups = load();
        long alerts = groups.stream().flatMap(g -> g.rules().stream()).filter(RuleSpec::isAlerting).count();
        long records = groups.stream().flatMap(g -> g.rules().stream()).filter(r -> !r.isAlerting()).count();
        assertThat(alerts).isEqualTo(17);
        assertThat(records).isEqualTo(28);
        RuleGroupSpec serviceHealth = groups.stream().filter(g -> g.name().equals("service_health")).findFirst().orElseThrow();
        assertThat(serviceHealth.intervalMs()).isEqualTo(30_000);
        RuleGroupSpec cost = groups.stream().filter(g -> g.name().equals("cost_baselines")).findFirst().orElseThrow();
        assertThat(cost.intervalMs()).isEqualTo(300_000);
    }

    @Test
    void promtoolAgreesTheSeedFilesAreValid() throws Exception {
        Path promtool = Peers.binary("promtool");
        for (String f : List.of("alert.rules.yml", "recording_rules_baselines.yml")) {
            Process p = new ProcessBuilder(promtool.toString(), "check", "rules", f).directory(dir().toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
    }

    @Test
    void everySeedRuleEvaluatesFiresAndRecords() throws Exception {
        List<RuleGroupSpec> specs = load();
        List<String> queried = new ArrayList<>();
        List<PostableAlert> sent = new ArrayList<>();
        // every expression yields one sample: stands in for a gateway in trouble
        QueryFunc q = (expr, t) -> {
            synchronized (queried) {
                queried.add(expr);
            }
            return List.of(new VectorSample(Labels.of("instance", "api-1", "job", "gatewayz_production"), t, 1234.5));
        };
        TestClock clock = TestClock.atMillis(1_800_000_000_000L);
        try (MemoryStorage storage = new MemoryStorage();
                RuleManager m = MetricsRules.manager(storage, q, a -> {
                    synchronized (sent) {
                        sent.addAll(a);
                    }
                }, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            for (int i = 0; i < 40; i++) { // 40 minutes: past every `for` (max 15m) and the 5m groups
                clock.advance(Duration.ofMinutes(1));
                m.tick();
            }
            assertThat(queried).hasSizeGreaterThan(45);
            long firing = sent.stream().map(a -> a.labels().get("alertname")).distinct().count();
            assertThat(firing).isEqualTo(17);
            assertThat(sent.get(0).annotations().get("summary")).endsWith("on api-1: value 1.234k");
            for (RuleGroup g : m.groups()) {
                for (Rule r : g.rules()) {
                    assertThat(r.status().health()).as(r.name()).isEqualTo(RuleHealth.OK);
                }
            }
        }
    }
}
