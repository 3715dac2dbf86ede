package ai.gatewayz.obs.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.AlertStatus;
import ai.gatewayz.obs.alerts.PostableAlert;
import ai.gatewayz.obs.alerts.RouterOptions;
import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.alerts.notify.Notification;
import ai.gatewayz.obs.alerts.silence.Silence;
import ai.gatewayz.obs.alerts.silence.SilenceMatcher;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alertmanager's timers, dedup, inhibition, silences and restart safety, all in virtual time. */
class DispatcherTest {
    private static final String CONFIG = """
            global:
              smtp_smarthost: 'localhost:25'
              smtp_from: 'am@example.org'
            route:
              receiver: ops
              group_by: [alertname]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 1h
              routes:
                - receiver: crit
                  matchers: ['severity="critical"']
                  continue: true
                - receiver: pager
                  matchers: ['severity="critical"']
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [alertname, instance]
            receivers:
              - name: ops
                email_configs: [{to: ops@example.org, send_resolved: true}]
              - name: crit
                email_configs: [{to: crit@example.org, send_resolved: true}]
              - name: pager
                email_configs: [{to: pager@example.org}]
            """;

    private final TestClock clock = TestClock.at(Instant.parse("2026-11-27T10:00:00Z"));
    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private AlertRouter router;

    private AlertRouter open(Path dataDir) {
        ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
        AlertRouter r = new AlertRouter(RouterOptions.defaults(dataDir), clock, loader, in -> n -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new java.io.IOException("smtp down");
            }
            sent.add(n);
        }, Runnable::run, ms -> clock.advance(Duration.ofMillis(ms)));
        r.start(loader.load(CONFIG), false);
        return r;
    }

    @AfterEach
    void close() throws Exception {
        if (router != null) {
            router.close();
        }
    }

    private PostableAlert alert(String name, String severity, String instance) {
        return new PostableAlert(Map.of("alertname", name, "severity", severity, "instance", instance), Map.of("summary", "s"),
                clock.millis(), clock.millis() + 86_400_000L, "http://gen");
    }

    private void at(long seconds) {
        clock.set(Instant.parse("2026-11-27T10:00:00Z").plusSeconds(seconds));
        router.dispatcher().runDue();
    }

    @Test
    void groupWaitIntervalAndRepeat() {
        router = open(null);
        router.post(List.of(alert("A", "warning", "i1")));
        at(29);
        assertThat(sent).isEmpty();
        at(30);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).receiver()).isEqualTo("ops");
        assertThat(sent.get(0).groupKey()).isEqualTo("{}:{alertname=\"A\"}");
        at(40);
        router.post(List.of(alert("A", "warning", "i2")));
        at(100);
        assertThat(sent).hasSize(1);
        at(330);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).alerts()).hasSize(2);
        at(630);
        at(930);
        assertThat(sent).as("unchanged group is not re-sent before repeat_interval").hasSize(2);
        at(330 + 3600);
        assertThat(sent).as("repeat after repeat_interval").hasSize(3);
    }

    @Test
    void resolvedIsNotifiedOnceThenGroupIsGone() {
        router = open(null);
        router.post(List.of(alert("A", "warning", "i1")));
        at(30);
        at(60);
        router.post(List.of(new PostableAlert(Map.of("alertname", "A", "severity", "warning", "instance", "i1"), Map.of(),
                clock.millis() - 60_000, clock.millis(), "http://gen")));
        assertThat(router.alerts(true, true, true, List.of(), null)).isEmpty();
        at(330);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).status()).isEqualTo("resolved");
        assertThat(sent.get(1).alerts().get(0).endsAt()).isPositive();
        assertThat(router.dispatcher().groupCount()).isZero();
        at(2000);
        assertThat(sent).hasSize(2);
    }

    @Test
    void inhibitionAndContinue() {
        router = open(null);
        router.post(List.of(alert("A", "critical", "i1"), alert("A", "warning", "i1"), alert("A", "warning", "i2")));
        at(30);
        assertThat(sent).extracting(Notification::receiver).containsExactlyInAnyOrder("ops", "crit", "pager");
        Notification ops = sent.stream().filter(n -> n.receiver().equals("ops")).findFirst().orElseThrow();
        assertThat(ops.alerts()).extracting(a -> a.labels().get("instance")).containsExactly("i2");
        AlertStatus warn = router.alerts(true, true, true, List.of(), null).stream()
                .filter(s -> s.alert().labels().get("severity").equals("warning") && s.alert().labels().get("instance").equals("i1"))
                .findFirst().orElseThrow();
        assertThat(warn.state()).isEqualTo("suppressed");
        assertThat(warn.inhibitedBy()).hasSize(1);
        assertThat(router.alerts(true, true, false, List.of(), null)).hasSize(2);
    }

    @Test
    void silencedAlertsAreNotSent() {
        router = open(null);
        String id = router.silences().set(new Silence(null, List.of(new SilenceMatcher("alertname", "A", false, true)),
                clock.millis(), clock.millis() + 3_600_000, 0, "me", "maintenance"));
        router.post(List.of(alert("A", "warning", "i1"), alert("B", "warning", "i1")));
        at(30);
        assertThat(sent).extracting(n -> n.groupLabels().get("alertname")).containsExactly("B");
        assertThat(router.alerts(true, true, true, List.of(), null).stream()
                .filter(s -> s.alert().labels().get("alertname").equals("A")).findFirst().orElseThrow().silencedBy())
                .containsExactly(id);
        router.silences().expire(id);
        at(330);
        assertThat(sent).extracting(n -> n.groupLabels().get("alertname")).containsExactly("B", "A");
    }

    @Test
    void retriesWithBackoffThenDeliversOnce() {
        router = open(null);
        failuresLeft.set(2);
        router.post(List.of(alert("A", "warning", "i1")));
        at(30);
        assertThat(sent).hasSize(1);
        assertThat(router.dispatcher().stats().sent().get()).isEqualTo(1);
    }

    @Test
    void failedDeliveryIsRetriedAtNextInterval() {
        router = open(null);
        failuresLeft.set(1000);
        router.post(List.of(alert("A", "warning", "i1")));
        at(30);
        assertThat(sent).isEmpty();
        failuresLeft.set(0);
        at(330);
        assertThat(sent).hasSize(1);
    }

    @Test
    void restartDuringGroupWaitLosesNothingAndRestartAfterSendDuplicatesNothing(@TempDir Path dir) throws Exception {
        router = open(dir);
        router.post(List.of(alert("A", "warning", "i1")));
        at(10);
        router.close();
        clock.advance(Duration.ofSeconds(5));
        router = open(dir);
        at(29);
        assertThat(sent).isEmpty();
        at(30);
        assertThat(sent).hasSize(1);
        router.close();
        router = open(dir);
        at(40);
        at(400);
        assertThat(sent).as("notification log survives restart").hasSize(1);
        at(30 + 3600 + 300);
        assertThat(sent).hasSize(2);
    }
}
