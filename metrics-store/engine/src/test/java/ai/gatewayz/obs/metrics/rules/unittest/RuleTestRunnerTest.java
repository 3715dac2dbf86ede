package ai.gatewayz.obs.metrics.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.RuleEngineProvider;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.rules.testsupport.PlaceholderExpressionValidator;
import ai.gatewayz.obs.metrics.rules.testsupport.SelectorQueryFunc;
import ai.gatewayz.obs.rules.ExpressionValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promtool-format runner on self-written files: alert timing, annotations, external labels, notation, CLI. */
class RuleTestRunnerTest {
    @TempDir
    Path dir;

    private static final String RULES = """
            groups:
              - name: alerts
                rules:
                  - alert: InstanceDown
                    expr: up == 0
                    for: 5m
                    labels: {severity: page}
                    annotations:
                      summary: "Instance {{ $labels.instance }} down in {{ $externalLabels.cluster }}"
                  - alert: Flapping
                    expr: up == 0
                    keep_firing_for: 3m
              - name: rec
                rules:
                  - record: up_copy
                    expr: up
            """;

    private static final String TESTS = """
            rule_files: [rules.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                external_labels: {cluster: prod}
                input_series:
                  - series: 'up{job="node", instance="a"}'
                    values: '1 0x6 1 1 1 1'
                alert_rule_test:
                  - eval_time: 5m
                    alertname: InstanceDown
                  - eval_time: 6m
                    alertname: InstanceDown
                    exp_alerts:
                      - exp_labels: {severity: page, job: node, instance: a}
                        exp_annotations: {summary: "Instance a down in prod"}
                  - eval_time: 8m
                    alertname: InstanceDown
                  - eval_time: 9m
                    alertname: Flapping
                    exp_alerts:
                      - exp_labels: {job: node, instance: a}
                  - eval_time: 10m
                    alertname: Flapping
                    exp_alerts:
                      - exp_labels: {job: node, instance: a}
                  - eval_time: 11m
                    alertname: Flapping
                promql_expr_test:
                  - expr: up_copy
                    eval_time: 3m
                    exp_samples:
                      - labels: 'up_copy{job="node", instance="a"}'
                        value: 0
                  - expr: ALERTS{alertstate="firing"}
                    eval_time: 6m
                    exp_samples:
                      - labels: 'ALERTS{alertname="InstanceDown", alertstate="firing", instance="a", job="node", severity="page"}'
                        value: 1
                      - labels: 'ALERTS{alertname="Flapping", alertstate="firing", instance="a", job="node"}'
                        value: 1
            """;

    private RuleTestRunner runner() {
        return new RuleTestRunner(new RuleTestRunner.Options(new SelectorQueryFunc(), new PlaceholderExpressionValidator(),
                null, false));
    }

    @Test
    void passingFile() throws IOException {
        Files.writeString(dir.resolve("rules.yml"), RULES);
        Path t = Files.writeString(dir.resolve("t.yml"), TESTS);
        RuleTestRunner.FileResult r = runner().run(t);
        assertThat(r.messages()).isEmpty();
        assertThat(r.outcome()).isEqualTo(RuleTestRunner.Outcome.PASS);
    }

    @Test
    void wrongTimingIsReported() throws IOException {
        Files.writeString(dir.resolve("rules.yml"), RULES);
        // claims the alert fires one minute early (for: 5m means 6m here)
        Path t = Files.writeString(dir.resolve("t.yml"), TESTS.replace("- eval_time: 6m\n        alertname: InstanceDown",
                "- eval_time: 5m\n        alertname: InstanceDown"));
        RuleTestRunner.FileResult r = runner().run(t);
        assertThat(r.outcome()).isEqualTo(RuleTestRunner.Outcome.FAIL);
        assertThat(String.join("\n", r.messages())).contains("alertname: InstanceDown, time: 5m");
    }

    @Test
    void sameVerdictsAsDebianPromtool() throws Exception {
        Path promtool = ai.gatewayz.obs.testkit.Peers.binary("promtool");
        Files.writeString(dir.resolve("rules.yml"), RULES);
        Path good = Files.writeString(dir.resolve("good.yml"), TESTS);
        Path bad = Files.writeString(dir.resolve("bad.yml"), TESTS.replace("- eval_time: 6m\n        alertname: InstanceDown",
                "- eval_time: 5m\n        alertname: InstanceDown"));
        for (Path f : new Path[] {good, bad}) {
            Process p = new ProcessBuilder(promtool.toString(), "test", "rules", f.getFileName().toString())
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            boolean ours = runner().run(f).outcome() == RuleTestRunner.Outcome.PASS;
            assertThat(ours).as(f + ": promtool said\n" + out).isEqualTo(p.exitValue() == 0);
        }
    }

    @Test
    void seriesNotation() {
        assertThat(SeriesNotation.parseValues("-2+4x3")).containsExactly(-2.0, 2.0, 6.0, 10.0);
        assertThat(SeriesNotation.parseValues("1-2x4")).containsExactly(1.0, -1.0, -3.0, -5.0, -7.0);
        assertThat(SeriesNotation.parseValues("1x4")).containsExactly(1.0, 1.0, 1.0, 1.0, 1.0);
        assertThat(SeriesNotation.parseValues("1 _x3 stale")).hasSize(5).containsSequence(1.0, null, null, null);
        assertThat(SeriesNotation.parseValues("Inf -Inf")).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(SeriesNotation.parseSeries("up{job=\"a\", instance='b'}"))
                .isEqualTo(Labels.of("__name__", "up", "job", "a", "instance", "b"));
        assertThat(SeriesNotation.parseSeries("{__name__=\"x\"}")).isEqualTo(Labels.of("__name__", "x"));
    }

    @Test
    void cliTestAndCheck() throws IOException {
        Files.writeString(dir.resolve("rules.yml"), RULES);
        Path t = Files.writeString(dir.resolve("t.yml"), TESTS);
        RuleEngineProvider provider = new RuleEngineProvider() {
            @Override
            public StorageQueryFunc engine() {
                return new SelectorQueryFunc();
            }

            @Override
            public ExpressionValidator validator() {
                return new PlaceholderExpressionValidator();
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RuleTool.run(new String[] {"test", "rules", t.toString()}, new PrintStream(out), new PrintStream(err), provider);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("SUCCESS");
        code = RuleTool.run(new String[] {"check", "rules", dir.resolve("rules.yml").toString()}, new PrintStream(out),
                new PrintStream(err), provider);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("SUCCESS: 3 rules found");
        Path bad = Files.writeString(dir.resolve("bad.yml"), RULES.replace("expr: up\n", "expr: up +\n"));
        code = RuleTool.run(new String[] {"check", "rules", bad.toString()}, new PrintStream(out), new PrintStream(err), provider);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("group \"rec\", rule 1, \"up_copy\": could not parse expression");
        assertThat(RuleTool.run(new String[] {"test", "rules", t.toString()}, new PrintStream(out), new PrintStream(err), null))
                .isEqualTo(1);
        Path dup = Files.writeString(dir.resolve("dup.yml"), RULES + """
                  - name: rec2
                    rules:
                      - record: up_copy
                        expr: up
                """);
        ByteArrayOutputStream dupOut = new ByteArrayOutputStream();
        assertThat(RuleTool.run(new String[] {"check", "rules", dup.toString()}, new PrintStream(dupOut), new PrintStream(err),
                provider)).isZero();
        assertThat(dupOut.toString(StandardCharsets.UTF_8)).contains("1 duplicate rule(s) found.\nMetric: up_copy");
        assertThat(RuleTool.run(new String[] {"check", "rules", "--lint-fatal", dup.toString()}, new PrintStream(dupOut),
                new PrintStream(err), provider)).isEqualTo(3);
    }
}
