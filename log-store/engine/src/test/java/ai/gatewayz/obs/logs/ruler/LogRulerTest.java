package ai.gatewayz.obs.logs.ruler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.alertmanager.PostableAlert;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import ai.gatewayz.obs.rules.AlertState;
import ai.gatewayz.obs.rules.AlertingRule;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.VectorSample;
import ai.gatewayz.obs.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log ruler in virtual time: LogQL rules of a tenant read that tenant's logs, recorded series and
 * ALERTS go to the tenant's writer, the alert goes pending, fires with its templated annotations,
 * is re-sent after the resend delay and resolves when the logs stop; rule files are re-read and
 * invalid ones skipped; API changes apply at once.
 */
class LogRulerTest {
    static final long T0 = 1_780_000_020_000L - 1_780_000_020_000L % 60_000;
    static final String RULES = """
            groups:
              - name: provider-errors
                interval: 1m
                rules:
                  - record: loki:provider_errors:count1m
                    expr: sum by (provider) (count_over_time({app="gw", level="ERROR"} | provider!="" [1m]))
                  - alert: ProviderErrorsHigh
                    expr: sum by (provider) (count_over_time({app="gw", level="ERROR"} | provider!="" [1m])) > 3
                    for: 2m
                    labels: {severity: warning}
                    annotations:
                      summary: '{{ $labels.provider }} logged {{ $value }} errors in a minute'
            """;

    final TestClock clock = TestClock.atMillis(T0);
    final MemoryTenantLogStorages storages = new MemoryTenantLogStorages(clock);
    final MemoryRuleNamespaces store = new MemoryRuleNamespaces();
    final Map<String, List<VectorSample>> written = new ConcurrentHashMap<>();
    final List<PostableAlert> sent = Collections.synchronizedList(new ArrayList<>());
    final LogRuler ruler = new LogRuler(store, t -> LogqlRuleQueries.queryFunc(storages, t, new LogqlEngine()),
            t -> s -> written.computeIfAbsent(t, x -> Collections.synchronizedList(new ArrayList<>())).addAll(s),
            sent::addAll, LogqlRuleQueries.validator(), RulerOptions.defaults(), clock, Runnable::run);

    @AfterEach
    void close() {
        ruler.close();
        storages.close();
    }

    private void errors(String tenant, String provider, int n, long atMs) {
        LogAppender a = storages.forTenant(tenant).appender();
        for (int i = 0; i < n; i++) {
            a.append(Labels.of("app", "gw", "level", "ERROR"), new LogEntry((atMs - 1000) * 1_000_000L + i,
                    "{\"message\":\"Provider " + provider + " failed\"}", Labels.of("provider", provider)));
        }
        a.commit();
    }

    /** The timestamp the group evaluates at for the clock's now (Prometheus spreads groups over the interval). */
    private long evalTs(String tenant) {
        return ruler.groups(tenant).get(0).evalTimestamp(clock.millis());
    }

    /** Advances one minute, writing {@code n} error lines of openai inside the minute evaluated next, then evaluates. */
    private void minute(int n) {
        clock.advance(Duration.ofMinutes(1));
        if (n > 0) {
            errors("anonymous", "openai", n, evalTs("anonymous"));
        }
        ruler.tick();
    }

    private AlertingRule alertRule() {
        RuleGroup g = ruler.groups("anonymous").get(0);
        return (AlertingRule) g.rules().get(1);
    }

    @Test
    void alertGoesPendingFiresWithTemplatedAnnotationsAndResolvesWhenTheLogsStop() {
        store.put("anonymous", "gateway.yml", RULES);
        ruler.sync();
        assertThat(ruler.groups("anonymous")).hasSize(1);
        long e0 = evalTs("anonymous");
        minute(5);
        assertThat(alertRule().state()).isEqualTo(AlertState.PENDING);
        assertThat(sent).isEmpty();
        minute(5);
        assertThat(alertRule().state()).isEqualTo(AlertState.PENDING);
        minute(5);
        assertThat(alertRule().state()).isEqualTo(AlertState.FIRING);
        assertThat(sent).hasSize(1);
        PostableAlert a = sent.get(0);
        assertThat(a.labels()).isEqualTo(Labels.of("alertname", "ProviderErrorsHigh", "provider", "openai", "severity", "warning"));
        assertThat(a.annotations()).containsExactly(Map.entry("summary", "openai logged 5 errors in a minute"));
        assertThat(a.startsAtMs()).isEqualTo(e0 + 3 * 60_000);
        minute(5);
        assertThat(sent).as("not yet: the resend delay (1m) must have passed strictly").hasSize(1);
        minute(5);
        assertThat(sent).as("resent after the resend delay").hasSize(2);
        minute(0);
        assertThat(alertRule().state()).isEqualTo(AlertState.INACTIVE);
        PostableAlert resolved = sent.getLast();
        assertThat(resolved.endsAtMs()).isEqualTo(e0 + 6 * 60_000);

        List<VectorSample> out = written.get("anonymous");
        Labels rec = Labels.of("__name__", "loki:provider_errors:count1m", "provider", "openai");
        assertThat(out.stream().filter(s -> s.labels().equals(rec)).map(VectorSample::value).limit(5))
                .containsExactly(5.0, 5.0, 5.0, 5.0, 5.0);
        assertThat(out.stream().filter(s -> s.labels().equals(rec)).toList().getLast().value()).isNaN();
        Labels firing = Labels.of("__name__", "ALERTS", "alertname", "ProviderErrorsHigh", "alertstate", "firing",
                "provider", "openai", "severity", "warning");
        assertThat(out.stream().filter(s -> s.labels().equals(firing)).map(VectorSample::timestampMs).limit(2))
                .containsExactly(e0 + 3 * 60_000, e0 + 4 * 60_000);
    }

    @Test
    void tenantsSeeOnlyTheirOwnLogsAndWriteToTheirOwnWriter() {
        store.put("team-a", "r.yml", RULES);
        store.put("team-b", "r.yml", RULES);
        ruler.sync();
        clock.advance(Duration.ofMinutes(1));
        errors("team-a", "groq", 2, evalTs("team-a"));
        errors("team-b", "groq", 7, evalTs("team-b"));
        ruler.tick();
        Labels rec = Labels.of("__name__", "loki:provider_errors:count1m", "provider", "groq");
        assertThat(written.get("team-a")).filteredOn(s -> s.labels().equals(rec)).extracting(VectorSample::value).containsExactly(2.0);
        assertThat(written.get("team-b")).filteredOn(s -> s.labels().equals(rec)).extracting(VectorSample::value).containsExactly(7.0);
        assertThat(ruler.tenants()).containsExactly("team-a", "team-b");
    }

    @Test
    void anInvalidNamespaceIsSkippedAndReportedWhileTheOthersRun() {
        store.put("anonymous", "good.yml", RULES);
        store.put("anonymous", "bad.yml", """
                groups:
                  - name: broken
                    rules:
                      - record: x
                        expr: sum(rate({app="gw"}[1m])) by
                """);
        ruler.sync();
        assertThat(ruler.groups("anonymous")).extracting(RuleGroup::name).containsExactly("provider-errors");
        assertThat(ruler.loadErrors().get("anonymous")).singleElement().asString()
                .startsWith("bad.yml:5:15: group \"broken\", rule 1, \"x\": could not parse expression: parse error at line 1");
        assertThat(ruler.rules("anonymous")).containsOnlyKeys("good.yml");
        store.delete("anonymous", "bad.yml");
        ruler.sync();
        assertThat(ruler.loadErrors()).isEmpty();
    }

    @Test
    void groupsPostedThroughTheApiRunAtOnceAndAreWrittenBackToTheStore() {
        ruler.setGroup("anonymous", "api", """
                name: g1
                rules:
                  - record: loki:lines:count1m
                    expr: sum(count_over_time({app="gw"}[1m]))
                """);
        assertThat(ruler.groups("anonymous")).extracting(RuleGroup::name).containsExactly("g1");
        assertThat(store.namespace("anonymous", "api")).contains("""
                groups:
                  - name: g1
                    rules:
                      - record: loki:lines:count1m
                        expr: sum(count_over_time({app="gw"}[1m]))
                """);
        ruler.setGroup("anonymous", "api", "name: g2\ninterval: 5m\nrules:\n  - record: y\n    expr: sum(rate({app=\"gw\"}[5m]))\n");
        ruler.setGroup("anonymous", "api", "name: g1\nrules:\n  - record: x2\n    expr: sum(rate({app=\"gw\"}[5m]))\n");
        assertThat(ruler.namespace("anonymous", "api").orElseThrow()).extracting(g -> g.name() + "/" + g.rules().get(0).name())
                .containsExactly("g1/x2", "g2/y");
        assertThat(ruler.group("anonymous", "api", "g2").intervalMs()).isEqualTo(300_000);
        ruler.deleteGroup("anonymous", "api", "g1");
        assertThat(ruler.groups("anonymous")).extracting(RuleGroup::name).containsExactly("g2");
        ruler.deleteNamespace("anonymous", "api");
        assertThat(ruler.groups("anonymous")).isEmpty();
        assertThat(store.tenants()).isEmpty();
    }

    record Case(String name, String namespace, String body, String message) {
    }

    @Test
    void postedGroupsAreRejectedWithLokisMessages() {
        List<Case> cases = List.of(
                new Case("not yaml", "ns", "name: [", "unable to decoded rule group"),
                new Case("not a mapping", "ns", "- a\n- b\n", "unable to decoded rule group"),
                new Case("no name", "ns", "rules:\n  - record: x\n    expr: sum(rate({a=\"b\"}[1m]))\n",
                        "invalid rules config: rule group name must not be empty"),
                new Case("no rules", "ns", "name: g\n", "invalid rules config: rule group 'g' has no rules"),
                new Case("bad record expr", "ns", "name: g\nrules:\n  - record: x\n    expr: sum(rate(app[1m]))\n",
                        "could not parse expression for record 'x' in group 'g': parse error at line 1, col 10: syntax error: unexpected IDENTIFIER, expecting OPEN_BRACE"),
                new Case("log query", "ns", "name: g\nrules:\n  - alert: A\n    expr: '{a=\"b\"} |= \"x\"'\n",
                        "could not parse expression for alert 'A' in group 'g': parse error : only sample expression supported"),
                new Case("bad duration", "ns", "name: g\ninterval: 1x\nrules:\n  - record: x\n    expr: sum(rate({a=\"b\"}[1m]))\n",
                        "group \"g\": not a valid duration string: \"1x\""),
                new Case("both record and alert", "ns", "name: g\nrules:\n  - record: x\n    alert: y\n    expr: sum(rate({a=\"b\"}[1m]))\n",
                        "group \"g\", rule 1, \"y\": only one of 'record' and 'alert' must be set"),
                new Case("empty namespace", "", "name: g\n", "a namespace must be provided in the request"),
                new Case("namespace with a slash", "a/b", "name: g\n",
                        "invalid namespace [namespace=a/b, reason=must be a file name: not empty, no '/', not '.' or '..', not starting with '.']"));
        for (Case c : cases) {
            assertThatThrownBy(() -> ruler.setGroup("anonymous", c.namespace(), c.body())).as(c.name())
                    .isInstanceOf(SuiteException.class).hasMessage(c.message());
        }
        assertThat(store.tenants()).isEmpty();
    }

    @Test
    void unknownFieldsOfAPostedGroupAreDroppedAsLokiDoes() {
        ruler.setGroup("anonymous", "ns", "name: g\nsource_tenants: [a]\nrules:\n  - record: x\n    expr: sum(rate({a=\"b\"}[1m]))\n    bogus: 1\n");
        assertThat(store.namespace("anonymous", "ns")).contains(
                "groups:\n  - name: g\n    rules:\n      - record: x\n        expr: sum(rate({a=\"b\"}[1m]))\n");
    }

    @Test
    void missingNamespacesAndGroupsAreNotFound() {
        assertThatThrownBy(() -> ruler.deleteNamespace("anonymous", "nope")).hasMessage("group namespace does not exist");
        assertThatThrownBy(() -> ruler.deleteGroup("anonymous", "nope", "g")).hasMessage("group does not exist");
        assertThatThrownBy(() -> ruler.group("anonymous", "nope", "g")).hasMessage("group does not exist");
        store.put("anonymous", "ns", RULES);
        assertThatThrownBy(() -> ruler.group("anonymous", "ns", "other")).hasMessage("group does not exist");
        assertThatThrownBy(() -> ruler.deleteGroup("anonymous", "ns", "other")).hasMessage("group does not exist");
    }
}
