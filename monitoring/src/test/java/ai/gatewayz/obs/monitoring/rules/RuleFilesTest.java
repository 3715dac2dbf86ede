package ai.gatewayz.obs.monitoring.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.rules.RuleEngineProvider;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.metrics.rules.unittest.RuleTestRunner;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every bundled rule file passes Debian's {@code promtool check rules} and our checker; every
 * unit-test file under deploy/rules/tests passes both {@code promtool test rules} (2.42) and
 * metrics-store's own runner; and every alert of every rule file is exercised by some test.
 */
class RuleFilesTest {
    static final Path RULES = Peers.sourceRoot().resolve("deploy/rules");
    static final RuleEngineProvider ENGINE = ServiceLoader.load(RuleEngineProvider.class).findFirst().orElseThrow();

    static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> s = Files.list(RULES)) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<Path> testFiles() throws IOException {
        try (Stream<Path> s = Files.list(RULES.resolve("tests"))) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    static List<RuleGroupSpec> groups(Path file) throws IOException {
        return RuleFileParser.parse(file.getFileName().toString(), Files.readString(file), RuleParseOptions.defaults(ENGINE.validator()));
    }

    @Test
    void everyRuleFilePassesOurChecker() throws IOException {
        assertThat(ruleFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("gatewayz-alerts.yml", "gatewayz-recording.yml", "gatewayz-slo.yml");
        for (Path f : ruleFiles()) {
            assertThat(groups(f)).as(f.toString()).isNotEmpty();
        }
    }

    @Test
    void everyRuleFilePassesPromtoolCheck() throws Exception {
        Path promtool = Peers.binary("promtool");
        for (Path f : ruleFiles()) {
            String out = run(List.of(promtool.toString(), "check", "rules", f.toString()), RULES);
            assertThat(out).as(f.toString()).contains("SUCCESS");
        }
    }

    @Test
    void everyTestFilePassesOurRunner() throws IOException {
        assertThat(testFiles()).hasSizeGreaterThanOrEqualTo(5);
        RuleTestRunner runner = new RuleTestRunner(new RuleTestRunner.Options(ENGINE.engine(), ENGINE.validator(), null, false));
        for (Path f : testFiles()) {
            RuleTestRunner.FileResult r = runner.run(f);
            assertThat(r.outcome()).as(f + "\n" + String.join("\n", r.messages())).isEqualTo(RuleTestRunner.Outcome.PASS);
        }
    }

    @Test
    void everyTestFilePassesPromtool() throws Exception {
        Path promtool = Peers.binary("promtool");
        for (Path f : testFiles()) {
            String out = run(List.of(promtool.toString(), "test", "rules", f.getFileName().toString()), f.getParent());
            assertThat(out).as(f.toString()).contains("SUCCESS");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsExercisedByAUnitTestThatExpectsItToFire() throws IOException {
        TreeSet<String> alerts = new TreeSet<>();
        for (Path f : ruleFiles()) {
            for (RuleGroupSpec g : groups(f)) {
                for (RuleSpec r : g.rules()) {
                    if (r.isAlerting()) {
                        alerts.add(r.alert());
                    }
                }
            }
        }
        TreeSet<String> firing = new TreeSet<>();
        for (Path f : testFiles()) {
            Map<String, Object> doc = new Yaml().load(Files.readString(f));
            for (Map<String, Object> t : (List<Map<String, Object>>) doc.get("tests")) {
                for (Map<String, Object> a : (List<Map<String, Object>>) t.getOrDefault("alert_rule_test", List.of())) {
                    if (!((List<?>) a.getOrDefault("exp_alerts", List.of())).isEmpty()) {
                        firing.add(String.valueOf(a.get("alertname")));
                    }
                }
            }
        }
        assertThat(alerts).hasSize(18);
        assertThat(firing).containsAll(alerts);
    }

    static String run(List<String> cmd, Path dir) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
