package ai.gatewayz.obs.metrics.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.metrics.rules.testsupport.PlaceholderExpressionValidator;
import ai.gatewayz.obs.rules.RuleError;
import ai.gatewayz.obs.rules.RuleFileException;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule file validation: the rulefmt corpus against its EXPECTED.tsv, and exact messages and positions. */
class RuleFileParserTest {
    private static final RuleParseOptions OPTS = RuleParseOptions.defaults(new PlaceholderExpressionValidator());

    static Stream<Arguments> rulefmtCorpus() throws IOException {
        Path dir = Peers.corpus("prometheus-rules").resolve("rulefmt-testdata");
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("EXPECTED.tsv")).subList(1, Files.readAllLines(dir.resolve("EXPECTED.tsv")).size())) {
            String[] f = line.split("\t", -1);
            out.add(Arguments.of(f[0], f[1], f.length > 2 ? f[2] : "", dir));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rulefmtCorpus")
    void rulefmtCorpusMatchesExpected(String file, String expected, String errorText, Path dir) throws IOException {
        String content = Files.readString(dir.resolve(file));
        // legacy_validation_* cases are defined under legacy (Prometheus 2.x) name validation
        RuleParseOptions opts = file.startsWith("legacy_validation") ? OPTS.withLegacyNames() : OPTS;
        if (expected.equals("ok")) {
            assertThat(RuleFileParser.parse(file, content, opts)).isNotEmpty();
        } else {
            String needle = errorText.replace(" (only under legacy name validation)", "");
            assertThatThrownBy(() -> RuleFileParser.parse(file, content, opts))
                    .isInstanceOf(RuleFileException.class)
                    .hasMessageContaining(needle)
                    .hasMessageContaining(file);
        }
    }

    @Test
    void alertGeneratorComplianceRulesLoad() throws IOException {
        Path f = Peers.corpus("alert-generator-compliance").resolve("rules.yaml");
        String content = Files.readString(f);
        List<RuleGroupSpec> groups = RuleFileParser.parse("rules.yaml", content, OPTS);
        assertThat(groups).extracting(RuleGroupSpec::name).containsExactly("NewAlerts_OrderCheck",
                "PendingAndFiringAndResolved", "PendingAndResolved_AlwaysInactive", "ZeroFor_SmallFor");
        assertThat(groups.get(0).intervalMs()).isEqualTo(30_000);
        assertThat(groups.get(3).rules().get(1).forMs()).isEqualTo(15_000);
    }

    @Test
    void errorsNameFileLineGroupAndRule() {
        String yaml = """
                groups:
                  - name: g1
                    rules:
                      - record: ok_rule
                        expr: up
                      - alert: Broken
                        expr: sum(rate(x[5m])
                """;
        RuleFileException e = catchErr(yaml);
        assertThat(e.errors()).hasSize(1);
        RuleError err = e.errors().get(0);
        assertThat(err.file()).isEqualTo("f.yml");
        assertThat(err.group()).isEqualTo("g1");
        assertThat(err.ruleIndex()).isEqualTo(2);
        assertThat(err.ruleName()).isEqualTo("Broken");
        assertThat(err.line()).isEqualTo(7);
        assertThat(err.toString()).startsWith("f.yml:7:15: group \"g1\", rule 2, \"Broken\": could not parse expression: ");
    }

    @Test
    void unknownFunctionIsRejectedThroughTheValidator() {
        RuleFileException e = catchErr("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: rated(x[5m]) > 1
                """);
        assertThat(e.getMessage()).contains("f.yml:5:15: group \"g\", rule 1, \"A\"")
                .contains("unknown function with name \"rated\"");
    }

    @Test
    void badTemplateIsRejectedWithGoStyleMessage() {
        RuleFileException e = catchErr("""
                groups:
                  - name: g
                    rules:
                      - alert: InstanceDown
                        expr: up == 0
                        annotations:
                          summary: "Instance {{ $label.foo }} down"
                """);
        assertThat(e.errors().get(0).toString()).isEqualTo(
                "f.yml:7:20: group \"g\", rule 1, \"InstanceDown\": msg=template: __alert_InstanceDown:1: undefined variable \"$label\"");
    }

    @Test
    void unknownTemplateFunctionIsRejected() {
        RuleFileException e = catchErr("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: up
                        labels:
                          x: "{{ humanise $value }}"
                """);
        assertThat(e.getMessage()).contains("function \"humanise\" not defined");
    }

    @Test
    void yamlSyntaxErrorHasLine() {
        RuleFileException e = catchErr("groups:\n  - name: g\n    rules: [\n");
        assertThat(e.errors().get(0).line()).isGreaterThan(0);
        assertThat(e.getMessage()).contains("f.yml:").contains("yaml:");
    }

    @Test
    void defaultsAndFieldsAreRead() {
        List<RuleGroupSpec> g = RuleFileParser.parse("f.yml", """
                groups:
                  - name: a
                    rules:
                      - alert: X
                        expr: up == 0
                        for: 5m
                        keep_firing_for: 2m
                        labels: {severity: page}
                        annotations: {summary: "{{ $labels.instance }} down"}
                  - name: b
                    interval: 30s
                    query_offset: 1m
                    limit: 10
                    labels: {team: t}
                    rules:
                      - record: job:up:sum
                        expr: sum by (job) (up)
                """, OPTS.withDefaultInterval(15_000));
        assertThat(g).hasSize(2);
        assertThat(g.get(0).intervalMs()).isEqualTo(15_000);
        RuleSpec x = g.get(0).rules().get(0);
        assertThat(x.forMs()).isEqualTo(300_000);
        assertThat(x.keepFiringForMs()).isEqualTo(120_000);
        assertThat(x.labels()).containsEntry("severity", "page");
        assertThat(x.line()).isEqualTo(4);
        assertThat(g.get(1).intervalMs()).isEqualTo(30_000);
        assertThat(g.get(1).queryOffsetMs()).isEqualTo(60_000);
        assertThat(g.get(1).limit()).isEqualTo(10);
        assertThat(g.get(1).labels()).containsEntry("team", "t");
    }

    @Test
    void allErrorsOfAFileAreReported() {
        RuleFileException e = catchErr("""
                groups:
                  - name: g
                    rules:
                      - record: a
                        expr: up
                        for: 1m
                      - alert: B
                      - record: c
                        expr: up
                        labels:
                          __name__: x
                """);
        assertThat(e.errors()).extracting(RuleError::message).containsExactly(
                "invalid field 'for' in recording rule", "field 'expr' must be set in rule", "invalid label name: __name__");
    }

    private static RuleFileException catchErr(String yaml) {
        try {
            RuleFileParser.parse("f.yml", yaml, OPTS);
        } catch (RuleFileException e) {
            return e;
        }
        throw new AssertionError("expected an error");
    }
}
