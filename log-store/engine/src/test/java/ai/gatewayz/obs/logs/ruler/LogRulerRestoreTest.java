package ai.gatewayz.obs.logs.ruler;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import ai.gatewayz.obs.rules.AlertSnapshot;
import ai.gatewayz.obs.rules.AlertState;
import ai.gatewayz.obs.rules.AlertingRule;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.rules.VectorSample;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.TestClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert restore after a restart of the log ruler, in virtual time: the first ruler remote-writes
 * ALERTS_FOR_STATE to Debian's Prometheus 2.42 (a real remote-write target with the query API
 * metrics-store copies) and stops; three minutes later a second ruler over the same logs reads the
 * series back through the query API ({@link QueryApiForStateReader}) after its second evaluation and
 * restores each alert's activeAt as Prometheus's RestoreForState does: shifted by the downtime when
 * enough of {@code for} is left, moved to fire one grace period after the restore when less is left,
 * kept when the alert was already firing. The expected times are computed here from those rules.
 */
class LogRulerRestoreTest {
    static final long GRACE = 3 * 60_000;
    static final String RULES = """
            groups:
              - name: restore
                interval: 1m
                rules:
                  - alert: LongFor
                    expr: sum by (provider) (count_over_time({app="gw", level="ERROR"}[1m])) > 3
                    for: 20m
                  - alert: ShortLeft
                    expr: sum by (provider) (count_over_time({app="gw", level="ERROR"}[1m])) > 3
                    for: 5m
                  - alert: WasFiring
                    expr: sum by (provider) (count_over_time({app="gw", level="ERROR"}[1m])) > 3
                    for: 3m
            """;
    static PeerProcess prometheus;

    @BeforeAll
    static void peer() {
        prometheus = PeerProcess.prometheus("global: {scrape_interval: 1m}\n");
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    // forty minutes behind real time (Prometheus takes samples this old), on a minute
    final long t0 = (System.currentTimeMillis() - 40 * 60_000) / 60_000 * 60_000;
    final TestClock clock = TestClock.atMillis(t0);
    final MemoryTenantLogStorages storages = new MemoryTenantLogStorages(clock);
    final MemoryRuleNamespaces store = new MemoryRuleNamespaces();
    final RulerOptions options = new RulerOptions(60_000, 0,
            RulesOptions.defaults().withExternalLabels(Labels.of("ruler", "log-store")).withForState(3_600_000, GRACE));

    private TenantRemoteWrite remoteWrite(Path queues) {
        RemoteWriteOptions o = RemoteWriteOptions.defaults(URI.create(prometheus.url() + "/api/v1/write"))
                .withExternalLabels(Labels.of("ruler", "log-store")).withQueue(1, 1000, 100, 20);
        return new TenantRemoteWrite(List.of(new TenantRemoteWrite.Destination("prom", o)), clock, queues,
                (name, c) -> { });
    }

    private LogRuler ruler(TenantRemoteWrite rw, boolean restore) {
        return new LogRuler(store, t -> LogqlRuleQueries.queryFunc(storages, t, new LogqlEngine()), rw::writer,
                restore ? rw::forStateReader : t -> ForStateReader.NONE, alerts -> { },
                LogqlRuleQueries.validator(), options, clock, Runnable::run);
    }

    private void errors(long atMs) {
        LogAppender a = storages.forTenant("anonymous").appender();
        for (int i = 0; i < 5; i++) {
            a.append(Labels.of("app", "gw", "level", "ERROR"), new LogEntry((atMs - 1000) * 1_000_000L + i, "failed",
                    Labels.EMPTY));
        }
        a.commit();
    }

    /** One minute on: the minute's error lines, then an evaluation. Returns the evaluation timestamp. */
    private static long minute(LogRuler r, TestClock clock, LogRulerRestoreTest t) {
        clock.advance(Duration.ofMinutes(1));
        long ts = r.groups("anonymous").get(0).evalTimestamp(clock.millis());
        t.errors(ts);
        r.tick();
        return ts;
    }

    private static AlertSnapshot alert(LogRuler r, String name) {
        RuleGroup g = r.groups("anonymous").get(0);
        for (var rule : g.rules()) {
            if (rule instanceof AlertingRule ar && ar.name().equals(name)) {
                return ar.alerts().getFirst();
            }
        }
        throw new AssertionError("no alert " + name);
    }

    @Test
    void activeAtIsRestoredFromAlertsForStateReadBackFromTheRemoteStore(@TempDir Path queues) {
        store.put("anonymous", "restore.yml", RULES);
        TenantRemoteWrite rw1 = remoteWrite(queues);
        LogRuler first = ruler(rw1, true);
        first.sync();
        List<Long> evals = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            evals.add(minute(first, clock, this));
        }
        long activeAt = evals.getFirst();
        long downAt = evals.getLast();
        assertThat(alert(first, "LongFor").activeAt()).isEqualTo(activeAt);
        assertThat(alert(first, "WasFiring").state()).isEqualTo(AlertState.FIRING);
        for (RemoteWriteClient c : rw1.clients("anonymous")) {
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(c.stats().samplesFailed()).isZero();
        }
        // what the second ruler will find: the series as written, with the external label
        Optional<VectorSample> back = rw1.forStateReader("anonymous").lastSample(
                Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "LongFor"), downAt - 3_600_000, downAt + 1);
        assertThat(back).isPresent();
        assertThat(back.get().timestampMs()).isEqualTo(downAt);
        assertThat(back.get().value()).isEqualTo((double) (activeAt / 1000));
        first.close();
        rw1.close();

        clock.advance(Duration.ofMinutes(3)); // down
        TenantRemoteWrite rw2 = remoteWrite(queues);
        LogRuler second = ruler(rw2, true);
        second.sync();
        long f1 = minute(second, clock, this);
        assertThat(alert(second, "LongFor").activeAt()).as("before the restore: new").isEqualTo(f1);
        minute(second, clock, this);
        long restoreAt = clock.millis(); // restored right after the second evaluation, at the clock's now
        // ALERTS_FOR_STATE holds whole seconds; the sample's time is cut to seconds as well
        long activeSec = activeAt / 1000 * 1000;
        long downSec = downAt / 1000 * 1000;

        // 20m: 3m spent, 17m left (more than the grace period): shifted by the downtime
        assertThat(alert(second, "LongFor").activeAt()).isEqualTo(activeSec + (restoreAt - downSec));
        // 5m: 2m left, less than the 3m grace period: fires one grace period after the restore
        assertThat(alert(second, "ShortLeft").activeAt()).isEqualTo(restoreAt + GRACE - 5 * 60_000);
        // 3m: it was firing: the old activeAt stands, and it fires again at the next evaluation
        assertThat(alert(second, "WasFiring").activeAt()).isEqualTo(activeSec);
        long f3 = minute(second, clock, this);
        assertThat(alert(second, "WasFiring").state()).isEqualTo(AlertState.FIRING);
        assertThat(alert(second, "ShortLeft").state()).isEqualTo(AlertState.PENDING);
        while (alert(second, "ShortLeft").state() == AlertState.PENDING) {
            f3 = minute(second, clock, this);
        }
        assertThat(f3 - alert(second, "ShortLeft").activeAt()).isBetween(5 * 60_000L, 6 * 60_000L - 1);
        second.close();
        rw2.close();
        storages.close();
    }

    @Test
    void withoutAReaderTheAlertStartsOver() {
        store.put("anonymous", "restore.yml", RULES);
        TenantRemoteWrite rw1 = new TenantRemoteWrite(List.of(), clock, (name, c) -> { });
        LogRuler first = ruler(rw1, false);
        first.sync();
        for (int i = 0; i < 4; i++) {
            minute(first, clock, this);
        }
        first.close();
        rw1.close();
        clock.advance(Duration.ofMinutes(3));
        TenantRemoteWrite rw2 = new TenantRemoteWrite(List.of(), clock, (name, c) -> { });
        LogRuler second = ruler(rw2, false);
        second.sync();
        long f1 = minute(second, clock, this);
        minute(second, clock, this);
        assertThat(alert(second, "LongFor").activeAt()).isEqualTo(f1);
        assertThat(alert(second, "WasFiring").state()).isEqualTo(AlertState.PENDING);
        second.close();
        rw2.close();
        storages.close();
    }
}
