package ai.gatewayz.obs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.alertmanager.PostableAlert;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.testkit.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared rule engine driven the way log-store's ruler will drive it: a Loki rule file (Prometheus
 * groups with LogQL expressions), a query function standing in for LogQL, results going to a
 * {@link ResultWriter} that is not a local storage, and the for-state read back through a
 * {@link ForStateReader}. Virtual time throughout.
 */
class LokiRulesEngineTest {
    /** Accepts what looks like a LogQL metric query (a stream selector inside), rejects the rest like Loki's parser. */
    static final ExpressionValidator LOGQL_SHAPE = expr -> expr.contains("{") && expr.contains("}")
            ? Optional.empty() : Optional.of("parse error at line 1, col 1: syntax error: unexpected IDENTIFIER");

    static final String RULES = """
            groups:
              - name: gateway-logs
                interval: 1m
                rules:
                  - record: loki:gateway_errors:rate5m
                    expr: sum by (provider) (rate({app="gateway"} |= "error" [5m]))
                    labels: {source: loki}
                  - alert: ProviderErrorsHigh
                    expr: sum by (provider) (rate({app="gateway"} |= "error" [5m])) > 1
                    for: 2m
                    keep_firing_for: 1m
                    labels: {severity: warning}
                    annotations:
                      summary: '{{ $labels.provider }} logs {{ printf "%.1f" $value }} errors/s'
            """;

    static final String REC = "sum by (provider) (rate({app=\"gateway\"} |= \"error\" [5m]))";
    static final String ALERT = REC + " > 1";
    static final Labels OPENAI = Labels.of("provider", "openai");

    private final RecordedResults results = new RecordedResults();
    private final List<PostableAlert> sent = new ArrayList<>();
    private final ScriptedQuery query = new ScriptedQuery();

    private List<RuleGroupSpec> parse(String yaml) {
        return RuleFileParser.parse("rules/fake/logs.yml", yaml, RuleParseOptions.defaults(LOGQL_SHAPE));
    }

    private RuleGroup group(boolean restore) {
        return new RuleGroup(parse(RULES).get(0), results, results, query, sent::addAll, RulesOptions.defaults(), restore);
    }

    @Test
    void recordingRuleWritesSeriesWithRuleLabelsAndAStaleMarkerWhenItStops() {
        long t0 = 3_600_000;
        query.answer(REC, t0, List.of(new VectorSample(OPENAI, 0, 2.5)))
                .answer(ALERT, t0, List.of())
                .answer(REC, t0 + 120_000, List.of());
        RuleGroup g = group(false);
        g.eval(t0);
        g.eval(t0 + 60_000);
        g.eval(t0 + 120_000);
        Labels series = Labels.of("__name__", "loki:gateway_errors:rate5m", "provider", "openai", "source", "loki");
        List<VectorSample> got = results.of(series);
        assertThat(got).hasSize(3);
        assertThat(got.get(0)).isEqualTo(new VectorSample(series, t0, 2.5));
        assertThat(got.get(1).timestampMs()).isEqualTo(t0 + 60_000);
        assertThat(RecordedResults.isStale(got.get(2))).isTrue();
        assertThat(got.get(2).timestampMs()).isEqualTo(t0 + 120_000);
        assertThat(query.calls).startsWith(REC + "@" + t0, ALERT + "@" + t0);
    }

    @Test
    void alertGoesPendingFiringKeepsFiringThenResolvesWithTemplatedAnnotations() {
        long t0 = 3_600_000;
        query.answer(REC, t0, List.of())
                .answer(ALERT, t0, List.of(new VectorSample(OPENAI, 0, 4.25)))
                .answer(ALERT, t0 + 180_000, List.of());
        RuleGroup g = group(false);
        AlertingRule rule = (AlertingRule) g.rules().get(1);
        g.eval(t0);
        assertThat(rule.state()).isEqualTo(AlertState.PENDING);
        g.eval(t0 + 60_000);
        assertThat(sent).isEmpty();
        g.eval(t0 + 120_000);
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        assertThat(sent).hasSize(1);
        PostableAlert fired = sent.get(0);
        assertThat(fired.labels()).isEqualTo(Labels.of("alertname", "ProviderErrorsHigh", "provider", "openai",
                "severity", "warning"));
        assertThat(fired.annotations()).containsEntry("summary", "openai logs 4.2 errors/s");
        assertThat(fired.startsAtMs()).isEqualTo(t0 + 120_000);
        assertThat(fired.endsAtMs()).isEqualTo(t0 + 120_000 + 4 * 60_000);
        // the condition clears at t0+3m but keep_firing_for holds it one more minute
        g.eval(t0 + 180_000);
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        g.eval(t0 + 240_000);
        assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
        PostableAlert resolved = sent.getLast();
        assertThat(resolved.endsAtMs()).isEqualTo(t0 + 240_000);

        Labels firing = Labels.of("__name__", "ALERTS", "alertname", "ProviderErrorsHigh", "alertstate", "firing",
                "provider", "openai", "severity", "warning");
        Labels forState = Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "ProviderErrorsHigh",
                "provider", "openai", "severity", "warning");
        assertThat(results.of(firing).get(0)).isEqualTo(new VectorSample(firing, t0 + 120_000, 1));
        assertThat(results.of(forState).get(0).value()).isEqualTo(t0 / 1000.0);
        assertThat(RecordedResults.isStale(results.of(firing).getLast())).isTrue();
    }

    /** The alert with {@code for: 10m}: long enough that the restore window (grace period 10m) applies. */
    private static final String RULES_10M = RULES.replace("for: 2m", "for: 10m");

    private void fireBeforeRestart(long t0) {
        RuleGroup before = new RuleGroup(parse(RULES_10M).get(0), results, results, query, sent::addAll,
                RulesOptions.defaults(), false);
        for (long t = t0; t <= t0 + 600_000; t += 60_000) {
            before.eval(t);
        }
        assertThat(((AlertingRule) before.rules().get(1)).state()).isEqualTo(AlertState.FIRING);
    }

    private AlertState stateAfterRestart(long restartAt, ForStateReader reader, int ticks) {
        TestClock clock = TestClock.atMillis(restartAt);
        try (RuleManager m = new RuleManager(results, reader, query, sent::addAll, RulesOptions.defaults(), clock,
                Runnable::run)) {
            m.update(parse(RULES_10M), RulesOptions.defaults());
            AlertingRule rule = (AlertingRule) m.groups().get(0).rules().get(1);
            for (int i = 0; i < ticks; i++) {
                clock.advance(java.time.Duration.ofMinutes(1));
                m.tick();
            }
            assertThat(rule.restored()).isEqualTo(ticks >= 2);
            return rule.state();
        }
    }

    @Test
    void restartRestoresActiveAtFromForStateSoTheAlertDoesNotWaitAgain() {
        long t0 = 3_600_000;
        query.answer(REC, t0, List.of()).answer(ALERT, t0, List.of(new VectorSample(OPENAI, 0, 3)));
        fireBeforeRestart(t0);
        // down for two minutes; restored after the second evaluation, firing again at the third
        assertThat(stateAfterRestart(t0 + 720_000, results, 2)).isEqualTo(AlertState.PENDING);
        assertThat(stateAfterRestart(t0 + 720_000, results, 3)).isEqualTo(AlertState.FIRING);
    }

    @Test
    void withoutForStateTheAlertStartsPendingAgainAfterRestart() {
        long t0 = 3_600_000;
        query.answer(REC, t0, List.of()).answer(ALERT, t0, List.of(new VectorSample(OPENAI, 0, 3)));
        fireBeforeRestart(t0);
        assertThat(stateAfterRestart(t0 + 720_000, ForStateReader.NONE, 3)).isEqualTo(AlertState.PENDING);
    }

    @Test
    void managerEvaluatesEachSlotOnceInVirtualTime() {
        long t0 = 3_600_000;
        query.answer(REC, 0, List.of(new VectorSample(OPENAI, 0, 1))).answer(ALERT, 0, List.of());
        TestClock clock = TestClock.atMillis(t0);
        try (RuleManager m = new RuleManager(results, results, query, sent::addAll, RulesOptions.defaults(), clock,
                Runnable::run)) {
            m.update(parse(RULES), RulesOptions.defaults());
            m.tick();
            assertThat(query.calls).isEmpty(); // the first slot is after the load
            clock.advance(java.time.Duration.ofSeconds(61));
            m.tick();
            m.tick();
            assertThat(m.groups().get(0).evaluations()).isEqualTo(1);
            clock.advance(java.time.Duration.ofMinutes(3));
            m.tick();
            assertThat(m.groups().get(0).evaluations()).isEqualTo(2);
            assertThat(m.groups().get(0).missedIterations()).isEqualTo(2);
        }
    }

    @Test
    void aFailingWriterFailsTheRuleNotTheGroup() {
        long t0 = 3_600_000;
        query.answer(REC, t0, List.of(new VectorSample(OPENAI, 0, 1))).answer(ALERT, t0, List.of());
        ResultWriter down = samples -> {
            throw new IllegalStateException("remote write queue closed");
        };
        RuleGroup g = new RuleGroup(parse(RULES).get(0), down, ForStateReader.NONE, query, sent::addAll,
                RulesOptions.defaults(), false);
        assertThatThrownBy(() -> g.eval(t0)).hasMessage("remote write queue closed");
    }

    record BadFile(String name, String yaml, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadFile> badFiles() {
        return Stream.of(
                new BadFile("expression the LogQL parser rejects", RULES.replace(REC + "\n", "rate(errors[5m])\n"),
                        "rules/fake/logs.yml:6:15: group \"gateway-logs\", rule 1, \"loki:gateway_errors:rate5m\": "
                                + "could not parse expression: parse error at line 1, col 1: syntax error: unexpected IDENTIFIER"),
                new BadFile("template with an undefined variable", RULES.replace("{{ $labels.provider }}", "{{ $label.provider }}"),
                        "undefined variable \"$label\""),
                new BadFile("duplicate group", RULES + RULES.substring(RULES.indexOf("  - name")),
                        "groupname: \"gateway-logs\" is repeated in the same file"),
                new BadFile("for on a recording rule", RULES.replace("labels: {source: loki}", "for: 1m"),
                        "invalid field 'for' in recording rule"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void lokiRuleFilesAreValidatedWithPromtoolStyleMessages(BadFile f) {
        assertThatThrownBy(() -> parse(f.yaml())).isInstanceOf(RuleFileException.class).hasMessageContaining(f.message());
    }

    @Test
    void aFailingForStateReaderLeavesTheAlertPendingAndTheRuleRestoredAsPrometheusDoes() {
        long t0 = 3_600_000;
        query.answer(REC, t0, List.of(new VectorSample(OPENAI, 0, 2.5)))
                .answer(ALERT, t0, List.of(new VectorSample(OPENAI, 0, 2.5)));
        List<String> asked = new ArrayList<>();
        ForStateReader down = (series, mint, maxt) -> {
            asked.add(series.get("alertname"));
            throw new IllegalStateException("for-state read-back failed [url=http://metrics-store:9090, error=refused]");
        };
        RuleGroup g = new RuleGroup(parse(RULES_10M).get(0), results, down, query, sent::addAll, RulesOptions.defaults(),
                true);
        g.eval(t0);
        g.eval(t0 + 60_000);
        g.restoreForState(t0 + 60_000);
        assertThat(asked).containsExactly("ProviderErrorsHigh");
        assertThat(g.shouldRestore()).isFalse();
        AlertingRule rule = (AlertingRule) g.rules().get(1);
        assertThat(rule.restored()).isTrue();
        assertThat(rule.alerts().getFirst().activeAt()).as("starts over: active since the first evaluation").isEqualTo(t0);
        g.eval(t0 + 120_000);
        Labels pending = Labels.of("__name__", "ALERTS", "alertname", "ProviderErrorsHigh", "alertstate", "pending",
                "provider", "openai", "severity", "warning");
        assertThat(results.of(pending)).as("written once restored").containsExactly(new VectorSample(pending, t0 + 120_000, 1));
    }
}
