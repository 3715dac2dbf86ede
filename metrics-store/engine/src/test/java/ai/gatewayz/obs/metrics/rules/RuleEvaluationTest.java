package ai.gatewayz.obs.metrics.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alertmanager.PostableAlert;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.testsupport.PlaceholderExpressionValidator;
import ai.gatewayz.obs.metrics.rules.testsupport.SelectorQueryFunc;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.AlertState;
import ai.gatewayz.obs.rules.AlertingRule;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.Rule;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleHealth;
import ai.gatewayz.obs.rules.RuleManager;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The alert state machine, recording rules and group scheduling in virtual time. */
class RuleEvaluationTest {
    private final MemoryStorage storage = new MemoryStorage();
    private final QueryFunc query = new SelectorQueryFunc().bind(storage);
    private final List<List<PostableAlert>> sent = new ArrayList<>();
    private final AlertSink sink = sent::add;

    @AfterEach
    void close() {
        storage.close();
    }

    private void put(Labels l, long t, double v) {
        Appender a = storage.appender();
        a.append(0, l, t, v);
        a.commit();
    }

    private RuleGroup group(String yaml, RulesOptions opts) {
        List<RuleGroupSpec> specs = RuleFileParser.parse("r.yml", yaml,
                RuleParseOptions.defaults(new PlaceholderExpressionValidator()));
        return MetricsRules.group(specs.get(0), storage, query, sink, opts, false);
    }

    private static final Labels HOST_DOWN = Labels.of("__name__", "up", "instance", "a", "job", "node");

    private static final String ALERT_RULE = """
            groups:
              - name: g
                interval: 1m
                rules:
                  - alert: InstanceDown
                    expr: up == 0
                    for: 3m
                    labels: {severity: page}
                    annotations: {summary: "{{ $labels.instance }} down, value {{ $value }}"}
            """;

    @Test
    void pendingThenFiringExactlyAtForThenResolved() {
        RuleGroup g = group(ALERT_RULE, RulesOptions.defaults());
        AlertingRule rule = (AlertingRule) g.rules().get(0);
        long t0 = 600_000;
        for (long t = t0; t <= t0 + 3 * 60_000; t += 60_000) {
            put(HOST_DOWN, t, 0);
        }
        g.eval(t0);
        assertThat(rule.state()).isEqualTo(AlertState.PENDING);
        assertThat(rule.alerts().get(0).labels()).isEqualTo(
                Labels.of("alertname", "InstanceDown", "instance", "a", "job", "node", "severity", "page"));
        assertThat(rule.alerts().get(0).annotations()).containsEntry("summary", "a down, value 0");
        g.eval(t0 + 60_000);
        g.eval(t0 + 120_000);
        assertThat(rule.state()).isEqualTo(AlertState.PENDING);
        assertThat(sent).isEmpty();
        g.eval(t0 + 180_000); // exactly `for` after activeAt
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        assertThat(rule.alerts().get(0).firedAt()).isEqualTo(t0 + 180_000);
        assertThat(sent).hasSize(1);
        PostableAlert p = sent.get(0).get(0);
        assertThat(p.startsAtMs()).isEqualTo(t0 + 180_000);
        assertThat(p.endsAtMs()).isEqualTo(t0 + 180_000 + 4 * 60_000);
        assertThat(p.generatorURL()).isEqualTo("/graph?g0.expr=up+%3D%3D+0&g0.tab=1");

        // condition clears: up becomes 1
        put(HOST_DOWN, t0 + 240_000, 1);
        g.eval(t0 + 240_000);
        assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
        assertThat(sent).hasSize(2);
        PostableAlert resolved = sent.get(1).get(0);
        assertThat(resolved.startsAtMs()).isEqualTo(t0 + 180_000);
        assertThat(resolved.endsAtMs()).isEqualTo(t0 + 240_000);
    }

    @Test
    void alertsSeriesAreWrittenAndGoStale() {
        RuleGroup g = group(ALERT_RULE, RulesOptions.defaults());
        long t0 = 600_000;
        put(HOST_DOWN, t0, 0);
        g.eval(t0);
        Labels pending = Labels.of("__name__", "ALERTS", "alertname", "InstanceDown", "alertstate", "pending",
                "instance", "a", "job", "node", "severity", "page");
        Labels forState = Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "InstanceDown",
                "instance", "a", "job", "node", "severity", "page");
        assertThat(samples(pending)).containsExactly(new long[] {t0, 1});
        assertThat(samples(forState)).containsExactly(new long[] {t0, t0 / 1000});
        put(HOST_DOWN, t0 + 60_000, 1);
        g.eval(t0 + 60_000);
        List<long[]> after = samplesRaw(pending);
        assertThat(after).hasSize(2);
        assertThat(Double.doubleToRawLongBits(Double.longBitsToDouble(after.get(1)[1])))
                .isEqualTo(Double.doubleToRawLongBits(RuleGroup.STALE_NAN));
    }

    @Test
    void zeroForFiresImmediatelyAndResendsAfterDelay() {
        RuleGroup g = group(ALERT_RULE.replace("for: 3m", "for: 0s"), RulesOptions.defaults());
        long t0 = 600_000;
        for (long t = t0; t <= t0 + 600_000; t += 60_000) {
            put(HOST_DOWN, t, 0);
        }
        g.eval(t0);
        assertThat(((AlertingRule) g.rules().get(0)).state()).isEqualTo(AlertState.FIRING);
        assertThat(sent).hasSize(1);
        g.eval(t0 + 60_000); // lastSent + 1m is not before now: no resend
        assertThat(sent).hasSize(1);
        g.eval(t0 + 120_000);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).get(0).endsAtMs()).isEqualTo(t0 + 120_000 + 240_000);
    }

    @Test
    void forShorterThanIntervalFiresOnTheNextEvaluation() {
        // alert-generator spec: for < interval -> pending first, firing at the next evaluation, never in between
        RuleGroup g = group(ALERT_RULE.replace("interval: 1m", "interval: 30s").replace("for: 3m", "for: 15s"),
                RulesOptions.defaults());
        AlertingRule rule = (AlertingRule) g.rules().get(0);
        put(HOST_DOWN, 0, 0);
        put(HOST_DOWN, 30_000, 0);
        g.eval(0);
        assertThat(rule.state()).isEqualTo(AlertState.PENDING);
        g.eval(30_000);
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        assertThat(rule.alerts().get(0).firedAt()).isEqualTo(30_000);
        assertThat(sent.get(0).get(0).endsAtMs()).isEqualTo(30_000 + 4 * 60_000); // 4 x max(resend 1m, interval 30s)
    }

    @Test
    void keepFiringForHoldsTheAlert() {
        String yaml = ALERT_RULE.replace("for: 3m", "for: 0s\n        keep_firing_for: 2m");
        RuleGroup g = group(yaml, RulesOptions.defaults());
        AlertingRule rule = (AlertingRule) g.rules().get(0);
        long t0 = 600_000;
        put(HOST_DOWN, t0, 0);
        g.eval(t0);
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        put(HOST_DOWN, t0 + 60_000, 1);
        g.eval(t0 + 60_000); // gone, keepFiringSince = t0+1m
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        g.eval(t0 + 120_000); // 1m since
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        g.eval(t0 + 180_000); // 2m since: resolved
        assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
        assertThat(rule.alerts().get(0).resolvedAt()).isEqualTo(t0 + 180_000);
        PostableAlert last = sent.getLast().get(0);
        assertThat(last.endsAtMs()).isEqualTo(t0 + 180_000);
    }

    @Test
    void resolvedAlertIsResentForFifteenMinutesThenForgotten() {
        RuleGroup g = group(ALERT_RULE.replace("for: 3m", "for: 0s"), RulesOptions.defaults());
        AlertingRule rule = (AlertingRule) g.rules().get(0);
        put(HOST_DOWN, 0, 0);
        g.eval(0);
        put(HOST_DOWN, 60_000, 1);
        int before = sent.size();
        for (long t = 60_000; t <= 60_000 + 16 * 60_000; t += 60_000) {
            g.eval(t);
        }
        assertThat(sent.size() - before).isBetween(8, 9); // resolved sent first, then every 2 intervals (> 1m resend delay)
        assertThat(rule.alerts()).isEmpty();
    }

    @Test
    void duplicateLabelSetsAfterTemplatingFailTheRule() {
        put(Labels.of("__name__", "x", "a", "1"), 0, 5);
        put(Labels.of("__name__", "x", "a", "2"), 0, 5);
        RuleGroup g = group("""
                groups:
                  - name: g
                    rules:
                      - alert: Dup
                        expr: x > 1
                        labels: {a: same}
                """, RulesOptions.defaults());
        g.eval(0);
        Rule r = g.rules().get(0);
        assertThat(r.status().health()).isEqualTo(RuleHealth.ERR);
        assertThat(r.status().lastError()).isEqualTo("vector contains metrics with the same labelset after applying alert labels");
        assertThat(sent).isEmpty();
    }

    @Test
    void limitIsEnforced() {
        for (int i = 0; i < 3; i++) {
            put(Labels.of("__name__", "x", "i", "" + i), 0, 5);
        }
        RuleGroup g = group("""
                groups:
                  - name: g
                    limit: 2
                    rules:
                      - record: y
                        expr: x
                      - alert: TooMany
                        expr: x > 1
                """, RulesOptions.defaults());
        g.eval(0);
        assertThat(g.rules().get(0).status().lastError()).isEqualTo("exceeded limit of 2 with 3 series");
        assertThat(g.rules().get(1).status().lastError()).isEqualTo("exceeded limit of 2 with 3 alerts");
        assertThat(((AlertingRule) g.rules().get(1)).alerts()).isEmpty();
    }

    @Test
    void recordingRulesWriteBackAndLaterRulesSeeThem() {
        put(Labels.of("__name__", "requests", "job", "api"), 0, 7);
        RuleGroup g = group("""
                groups:
                  - name: g
                    labels: {team: core}
                    rules:
                      - record: job:requests:copy
                        expr: requests
                        labels: {source: rule}
                      - alert: SeesRecorded
                        expr: job:requests:copy > 5
                """, RulesOptions.defaults());
        g.eval(30_000);
        Labels rec = Labels.of("__name__", "job:requests:copy", "job", "api", "source", "rule", "team", "core");
        assertThat(samples(rec)).containsExactly(new long[] {30_000, 7});
        AlertingRule a = (AlertingRule) g.rules().get(1);
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
        assertThat(a.alerts().get(0).labels().get("team")).isEqualTo("core");
    }

    @Test
    void queryOffsetShiftsQueryAndOutputTime() {
        put(Labels.of("__name__", "m"), 0, 1);
        put(Labels.of("__name__", "m"), 60_000, 2);
        RuleGroup g = group("""
                groups:
                  - name: g
                    query_offset: 1m
                    rules:
                      - record: m_copy
                        expr: m
                """, RulesOptions.defaults());
        g.eval(60_000);
        assertThat(samples(Labels.of("__name__", "m_copy"))).containsExactly(new long[] {0, 1});
    }

    @Test
    void managerSchedulesOnIntervalSlotsAndCountsMisses() {
        TestClock clock = TestClock.atMillis(1_000_000);
        List<RuleGroupSpec> specs = RuleFileParser.parse("r.yml", """
                groups:
                  - name: g
                    interval: 10s
                    rules:
                      - record: one
                        expr: 1
                """, RuleParseOptions.defaults(new PlaceholderExpressionValidator()));
        try (RuleManager m = MetricsRules.manager(storage, query, sink, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            RuleGroup g = m.groups().get(0);
            m.tick();
            assertThat(g.evaluations()).isZero(); // first slot is one interval ahead
            clock.advance(Duration.ofSeconds(10));
            m.tick();
            assertThat(g.evaluations()).isEqualTo(1);
            assertThat(g.lastEvaluationMs()).isEqualTo(g.evalTimestamp(clock.millis()));
            long first = g.lastEvaluationMs();
            clock.advance(Duration.ofSeconds(35));
            m.tick();
            long second = g.lastEvaluationMs();
            assertThat(second).isEqualTo(g.evalTimestamp(clock.millis()));
            assertThat((second - first) % 10_000).isZero();
            assertThat(g.missedIterations()).isEqualTo((second - first) / 10_000 - 1);
        }
    }

    @Test
    void restartRestoresForStateWithoutRefiringFromScratch() {
        String yaml = ALERT_RULE.replace("for: 3m", "for: 60m");
        List<RuleGroupSpec> specs = RuleFileParser.parse("r.yml", yaml,
                RuleParseOptions.defaults(new PlaceholderExpressionValidator()));
        TestClock clock = TestClock.atMillis(0);
        long activeAt;
        // first life: the alert becomes pending and stays pending for 20 minutes
        try (RuleManager m = MetricsRules.manager(storage, query, sink, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            for (int i = 0; i < 21; i++) {
                put(HOST_DOWN, clock.millis(), 0);
                m.tick();
                clock.advance(Duration.ofMinutes(1));
            }
            AlertingRule r = (AlertingRule) m.groups().get(0).rules().get(0);
            assertThat(r.state()).isEqualTo(AlertState.PENDING);
            activeAt = r.alerts().get(0).activeAt();
        }
        // down for 2 minutes, then a new manager on the same storage
        clock.advance(Duration.ofMinutes(2));
        try (RuleManager m = MetricsRules.manager(storage, query, sink, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            for (int i = 0; i < 4; i++) {
                put(HOST_DOWN, clock.millis(), 0);
                m.tick();
                clock.advance(Duration.ofMinutes(1));
            }
            AlertingRule r = (AlertingRule) m.groups().get(0).rules().get(0);
            assertThat(r.restored()).isTrue();
            long restored = r.alerts().get(0).activeAt();
            // Prometheus shifts activeAt by the downtime: the pending time before the restart counts
            assertThat(restored).isLessThan(clock.millis() - 20 * 60_000);
            assertThat(restored - activeAt).isBetween(2 * 60_000L, 6 * 60_000L);
        }
    }

    @Test
    void restartOfFiringAlertFiresAgainAtOnceNotAfterFor() {
        String yaml = ALERT_RULE.replace("for: 3m", "for: 15m");
        List<RuleGroupSpec> specs = RuleFileParser.parse("r.yml", yaml,
                RuleParseOptions.defaults(new PlaceholderExpressionValidator()));
        TestClock clock = TestClock.atMillis(0);
        try (RuleManager m = MetricsRules.manager(storage, query, sink, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            for (int i = 0; i < 20; i++) {
                put(HOST_DOWN, clock.millis(), 0);
                m.tick();
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(((AlertingRule) m.groups().get(0).rules().get(0)).state()).isEqualTo(AlertState.FIRING);
        }
        clock.advance(Duration.ofMinutes(1));
        try (RuleManager m = MetricsRules.manager(storage, query, sink, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            AlertingRule r = null;
            for (int i = 0; i < 4; i++) {
                put(HOST_DOWN, clock.millis(), 0);
                m.tick();
                clock.advance(Duration.ofMinutes(1));
                r = (AlertingRule) m.groups().get(0).rules().get(0);
            }
            // without restore it would be pending for 15 more minutes
            assertThat(r.state()).isEqualTo(AlertState.FIRING);
        }
    }

    @Test
    void reloadKeepsAlertState() {
        List<RuleGroupSpec> specs = RuleFileParser.parse("r.yml", ALERT_RULE,
                RuleParseOptions.defaults(new PlaceholderExpressionValidator()));
        TestClock clock = TestClock.atMillis(0);
        try (RuleManager m = MetricsRules.manager(storage, query, sink, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            for (int i = 0; i < 3; i++) {
                put(HOST_DOWN, clock.millis(), 0);
                m.tick();
                clock.advance(Duration.ofMinutes(1));
            }
            long activeAt = ((AlertingRule) m.groups().get(0).rules().get(0)).alerts().get(0).activeAt();
            m.update(specs, RulesOptions.defaults());
            AlertingRule r = (AlertingRule) m.groups().get(0).rules().get(0);
            assertThat(r.alerts().get(0).activeAt()).isEqualTo(activeAt);
        }
    }

    @Test
    void removedGroupSeriesGoStale() {
        List<RuleGroupSpec> specs = RuleFileParser.parse("r.yml", ALERT_RULE.replace("for: 3m", "for: 0s"),
                RuleParseOptions.defaults(new PlaceholderExpressionValidator()));
        TestClock clock = TestClock.atMillis(0);
        try (RuleManager m = MetricsRules.manager(storage, query, sink, RulesOptions.defaults(), clock, Runnable::run)) {
            m.update(specs, RulesOptions.defaults());
            for (int i = 0; i < 4; i++) {
                put(HOST_DOWN, clock.millis(), 0);
                m.tick();
                clock.advance(Duration.ofMinutes(1));
            }
            Labels firing = Labels.of("__name__", "ALERTS", "alertname", "InstanceDown", "alertstate", "firing",
                    "instance", "a", "job", "node", "severity", "page");
            assertThat(samplesRaw(firing)).isNotEmpty();
            m.update(List.of(), RulesOptions.defaults());
            List<long[]> after = samplesRaw(firing);
            assertThat(after.getLast()[0]).isEqualTo(clock.millis());
            assertThat(after.getLast()[1]).isEqualTo(Double.doubleToRawLongBits(RuleGroup.STALE_NAN));
        }
    }

    private List<long[]> samples(Labels l) {
        List<long[]> out = new ArrayList<>();
        for (long[] s : samplesRaw(l)) {
            out.add(new long[] {s[0], (long) Double.longBitsToDouble(s[1])});
        }
        return out;
    }

    private List<long[]> samplesRaw(Labels l) {
        List<long[]> out = new ArrayList<>();
        List<LabelMatcher> ms = new ArrayList<>();
        l.forEach((n, v) -> ms.add(LabelMatcher.eq(n, v)));
        try (Querier q = storage.querier(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)) {
            SeriesSet set = q.select(true, ms);
            while (set.next()) {
                if (!set.at().labels().equals(l)) {
                    continue;
                }
                SampleIterator it = set.at().iterator(null);
                while (it.next()) {
                    out.add(new long[] {it.t(), Double.doubleToRawLongBits(it.v())});
                }
            }
        }
        return out;
    }
}
