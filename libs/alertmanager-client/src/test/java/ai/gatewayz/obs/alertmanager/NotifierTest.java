package ai.gatewayz.obs.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.testkit.PeerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Alertmanager client on its own against Debian's prometheus-alertmanager 0.25: batches of at
 * most 64, the bounded queue dropping the oldest, no retry on an unreachable target. The rule
 * engine's use of it (resend, endsAt) is tested in metrics-store's AlertmanagerDeliveryTest and
 * libs/rules.
 */
class NotifierTest {
    private static PeerProcess am;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        am = PeerProcess.alertmanager("""
                route:
                  receiver: blackhole
                  group_wait: 1h
                receivers:
                  - name: blackhole
                """);
    }

    @AfterAll
    static void stop() {
        if (am != null) {
            am.close();
        }
    }

    private static JsonNode alerts(String filter) throws Exception {
        String q = "?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(am.url() + "/api/v2/alerts" + q)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static Notifier notifier(NotifierOptions o) {
        AlertingConfig cfg = AlertingConfig.from(java.util.Map.of("alertmanagers", List.of(java.util.Map.of(
                "static_configs", List.of(java.util.Map.of("targets", List.of("127.0.0.1:" + am.port()))),
                "timeout", "5s"))), null);
        return new Notifier(o, cfg.targets());
    }

    @Test
    void moreThan64AlertsAreSplitIntoBatches() throws Exception {
        long now = System.currentTimeMillis();
        try (Notifier n = notifier(NotifierOptions.defaults())) {
            List<PostableAlert> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(new PostableAlert(Labels.of("alertname", "BatchTest", "i", Integer.toString(i)),
                        java.util.Map.of(), now, now + 600_000, "http://x/graph"));
            }
            n.send(batch);
            n.flush();
            assertThat(n.batches()).isEqualTo(2);
            assertThat(n.sent()).isEqualTo(100);
            assertThat(alerts("alertname=\"BatchTest\"").size()).isEqualTo(100);
        }
    }

    @Test
    void boundedQueueDropsOldestAndCounts() {
        try (Notifier n = new Notifier(NotifierOptions.defaults().withQueueCapacity(5), List.of())) {
            List<PostableAlert> in = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                in.add(new PostableAlert(Labels.of("alertname", "Q", "i", "" + i), java.util.Map.of(), 1, 2, ""));
            }
            n.send(in.subList(0, 4));
            n.send(in.subList(4, 8));
            assertThat(n.queueLength()).isEqualTo(5);
            assertThat(n.dropped()).isEqualTo(3);
        }
    }

    @Test
    void unreachableTargetCountsErrorsWithoutRetry() {
        int closedPort = ai.gatewayz.obs.testkit.FreePorts.next();
        try (Notifier n = new Notifier(NotifierOptions.defaults(),
                List.of(new AlertmanagerTarget("http://127.0.0.1:" + closedPort, "v2", 2000, null)))) {
            n.send(List.of(new PostableAlert(Labels.of("alertname", "X"), java.util.Map.of(), 1, 2, "")));
            n.flush();
            assertThat(n.errors()).isEqualTo(1);
            assertThat(n.queueLength()).isZero();
        }
    }
}
