package ai.gatewayz.obs.logs.ruler;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import ai.gatewayz.obs.testkit.TestClock;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The ruler restarted mid-stream (its remote-write clients stopped without draining, as a kill
 * would) against a receiver that keeps every (series, timestamp) it answered 204 for: what it had
 * acknowledged is not sent again, what it refused with 503 before the restart arrives after it, and
 * a ruler restarted inside an interval does not evaluate (and send) the slot already sent.
 */
class LogRulerRestartDeliveryTest {
    static final String RULES = """
            groups:
              - name: delivery
                interval: 1m
                rules:
                  - record: loki:delivery_errors:count1m
                    expr: sum by (provider) (count_over_time({app="gw", level="ERROR"} | provider!="" [1m]))
            """;

    final long t0 = (System.currentTimeMillis() - 30 * 60_000) / 60_000 * 60_000;
    final TestClock clock = TestClock.atMillis(t0);
    final MemoryTenantLogStorages storages = new MemoryTenantLogStorages(clock);
    final MemoryRuleNamespaces store = new MemoryRuleNamespaces();
    final AtomicBoolean down = new AtomicBoolean();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final HttpServer receiver;

    LogRulerRestartDeliveryTest() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/api/v1/write", this::receive);
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        storages.close();
    }

    /** 503 while down; otherwise each sample of the RW 1.0 request is kept as {@code provider@t}. */
    private void receive(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (down.get()) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            for (RemoteWriteV1.TimeSeries ts : RemoteWriteV1.WriteRequest.parseFrom(Snappy.uncompress(body))
                    .getTimeseriesList()) {
                String provider = ts.getLabelsList().stream().filter(l -> l.getName().equals("provider")).findFirst()
                        .orElseThrow().getValue();
                ts.getSamplesList().forEach(s -> delivered.add(provider + "@" + s.getTimestamp()));
            }
            ex.sendResponseHeaders(204, -1);
        }
    }

    private TenantRemoteWrite remoteWrite(Path queues) {
        RemoteWriteOptions o = RemoteWriteOptions.defaults(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/api/v1/write")).withQueue(2, 1000, 100, 20).withBackoff(5, 20);
        return new TenantRemoteWrite(List.of(new TenantRemoteWrite.Destination("m", o)), clock, queues, (n, c) -> { });
    }

    private LogRuler ruler(TenantRemoteWrite rw) {
        LogRuler r = new LogRuler(store, t -> LogqlRuleQueries.queryFunc(storages, t, new LogqlEngine()), rw::writer,
                alerts -> { }, LogqlRuleQueries.validator(), RulerOptions.defaults(), clock, Runnable::run);
        r.sync();
        return r;
    }

    /** One minute on, error lines of two providers in it, an evaluation; returns its timestamp. */
    private long minute(LogRuler r) {
        clock.advance(Duration.ofMinutes(1));
        long ts = r.groups("anonymous").get(0).evalTimestamp(clock.millis());
        LogAppender a = storages.forTenant("anonymous").appender();
        List<String> providers = List.of("openai", "groq");
        for (int i = 0; i < providers.size(); i++) {
            a.append(Labels.of("app", "gw", "level", "ERROR"), new LogEntry((ts - 1000) * 1_000_000L + i, "failed",
                    Labels.of("provider", providers.get(i))));
        }
        a.commit();
        r.tick();
        return ts;
    }

    private static void awaitRetrying(TenantRemoteWrite rw) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (rw.clients("anonymous").stream().mapToLong(c -> c.stats().samplesRetried()).sum() == 0) {
            assertThat(System.currentTimeMillis()).as("the refused samples are being retried").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void nothingAcknowledgedIsSentTwiceAndWhatWasOwedArrivesAfterTheRestart(@TempDir Path queues) throws Exception {
        store.put("anonymous", "delivery.yml", RULES);
        List<Long> evals = new ArrayList<>();
        TenantRemoteWrite rw1 = remoteWrite(queues);
        LogRuler first = ruler(rw1);
        for (int i = 0; i < 3; i++) {
            evals.add(minute(first));
        }
        for (RemoteWriteClient c : rw1.clients("anonymous")) {
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(delivered).hasSize(6);
        down.set(true);
        for (int i = 0; i < 2; i++) {
            evals.add(minute(first));
        }
        awaitRetrying(rw1);
        first.close();
        rw1.close(Duration.ZERO); // no draining: the refused samples stay owed
        assertThat(delivered).hasSize(6);

        down.set(false);
        TenantRemoteWrite rw2 = remoteWrite(queues);
        LogRuler second = ruler(rw2);
        second.tick(); // same instant as the last evaluation: that slot is not evaluated again
        for (int i = 0; i < 2; i++) {
            evals.add(minute(second));
        }
        for (RemoteWriteClient c : rw2.clients("anonymous")) {
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(c.stats().samplesSent()).as("2 owed evaluations + 2 new, 2 series each").isEqualTo(8);
        }
        second.close();
        rw2.close();

        Set<String> expected = new HashSet<>();
        for (long ts : evals) {
            expected.add("openai@" + ts);
            expected.add("groq@" + ts);
        }
        assertThat(new HashSet<>(delivered)).as("no (series, timestamp) twice").hasSameSizeAs(delivered);
        assertThat(new HashSet<>(delivered)).isEqualTo(expected);
    }
}
