package ai.gatewayz.obs.logs.server.ruler;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.logs.server.LokiHttp;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.testkit.PeerFixture;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.TestClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * End to end with real peers: log-store configured by a Loki configuration file whose {@code ruler:}
 * block names Debian's Prometheus 2.42 (remote-write receiver) and Alertmanager 0.25; logs pushed over
 * Loki's push API; the LogQL recording rule's series is read back from Prometheus with the labels and
 * values of the lines pushed, and the LogQL alert reaches Alertmanager with its templated annotation.
 * Evaluation is driven by hand on a {@link TestClock} three minutes behind real time (so the alert's
 * endsAt, four minutes after its last evaluation, is still ahead of Alertmanager's clock).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "log.ruler.tick-interval=0")
@Import(RulerPeerTest.Clocks.class)
class RulerToPrometheusAndAlertmanagerTest extends RulerPeerTest {
    static PeerProcess prometheus;
    static PeerProcess alertmanager;

    @BeforeAll
    static void peers() throws Exception {
        clock = TestClock.at(Instant.ofEpochMilli(System.currentTimeMillis() - 3 * 60_000 - 5_000));
        env = PeerFixture.create("log-ruler-e2e");
        prometheus = env.prometheus("global: {scrape_interval: 1m}\n");
        alertmanager = env.alertmanager("route: {receiver: sink, group_wait: 1s}\nreceivers: [{name: sink}]\n");
        env.write("rules/anonymous/gateway.yml", """
                groups:
                  - name: provider-errors
                    rules:
                      - record: loki:e2e_provider_errors:count1m
                        expr: sum by (provider) (count_over_time({app="gatewayz-api", level="ERROR"} | provider!="" [1m]))
                      - alert: LogE2EProviderErrors
                        expr: sum by (provider) (count_over_time({app="gatewayz-api", level="ERROR"} | provider!="" [1m])) > 5
                        for: 2m
                        labels: {severity: warning}
                        annotations:
                          summary: '{{ $labels.provider }} logged {{ $value }} errors in a minute'
                """);
        env.write("loki.yaml", """
                auth_enabled: false
                server: {http_listen_port: 3100}
                ruler:
                  enable_api: true
                  evaluation_interval: 1m
                  alertmanager_url: %s
                  external_labels: {ruler: log-store}
                  storage:
                    type: local
                    local: {directory: %s}
                  remote_write:
                    enabled: true
                    clients:
                      prom:
                        url: %s/api/v1/write
                """.formatted(alertmanager.url(), env.dir().resolve("rules"), prometheus.url()));
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private void pushErrors(String provider, int n, long atMs) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                values.append(',');
            }
            values.append("[\"").append((atMs - 2000) * 1_000_000L + i).append("\",\"{\\\"message\\\":\\\"Provider ")
                    .append(provider).append(" failed\\\"}\",{\"provider\":\"").append(provider).append("\"}]");
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"gatewayz-api\",\"level\":\"ERROR\"},\"values\":[" + values + "]}]}";
        assertThat(new LokiHttp(port).postJson("/loki/api/v1/push", body, null).status()).isEqualTo(204);
    }

    /** Advances to the group's next slot, pushes the minute's lines, evaluates. Returns the evaluation time. */
    private long minute(int openai, int groq) {
        clock.advance(Duration.ofMinutes(1));
        long ts = ruler.groups("anonymous").get(0).evalTimestamp(clock.millis());
        pushErrors("openai", openai, ts);
        pushErrors("groq", groq, ts);
        ruler.tick();
        return ts;
    }

    private static JsonNode get(String url) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(body);
    }

    private static JsonNode promQuery(String q, long atMs) throws Exception {
        return get(prometheus.url() + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&time="
                + atMs / 1000.0).path("data").path("result");
    }

    @Test
    void recordedSeriesLandInPrometheusAndTheAlertInAlertmanager() throws Exception {
        assertThat(ruler.groups("anonymous")).hasSize(1);
        minute(7, 3);
        minute(7, 3);
        long last = minute(7, 3);
        for (RemoteWriteClient c : remoteWrite.clients("anonymous")) {
            assertThat(c.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(c.stats().samplesFailed()).isZero();
        }
        JsonNode series = promQuery("loki:e2e_provider_errors:count1m", last);
        assertThat(series).hasSize(2);
        for (JsonNode s : series) {
            String provider = s.path("metric").path("provider").asText();
            assertThat(s.path("metric").properties()).extracting(java.util.Map.Entry::getKey)
                    .containsExactlyInAnyOrder("__name__", "provider", "ruler");
            assertThat(s.path("metric").path("ruler").asText()).isEqualTo("log-store");
            assertThat(s.path("value").get(0).asDouble()).isEqualTo(last / 1000.0);
            assertThat(s.path("value").get(1).asText()).isEqualTo(provider.equals("openai") ? "7" : "3");
        }
        JsonNode firing = promQuery("ALERTS{alertname=\"LogE2EProviderErrors\",alertstate=\"firing\"}", last);
        assertThat(firing).hasSize(1);
        assertThat(firing.get(0).path("metric").path("provider").asText()).isEqualTo("openai");

        JsonNode alerts = awaitAlerts(1);
        JsonNode a = alerts.get(0);
        assertThat(a.path("labels").path("alertname").asText()).isEqualTo("LogE2EProviderErrors");
        assertThat(a.path("labels").path("provider").asText()).isEqualTo("openai");
        assertThat(a.path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(a.path("labels").path("ruler").asText()).isEqualTo("log-store");
        assertThat(a.path("annotations").path("summary").asText()).isEqualTo("openai logged 7 errors in a minute");
        assertThat(a.path("status").path("state").asText()).isEqualTo("active");
    }

    private static JsonNode awaitAlerts(int n) throws Exception {
        String url = alertmanager.url() + "/api/v2/alerts?filter=" + URLEncoder.encode("alertname=\"LogE2EProviderErrors\"",
                StandardCharsets.UTF_8);
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode got = get(url);
        while (got.size() != n && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            got = get(url);
        }
        assertThat(got).as(alertmanager.logTail()).hasSize(n);
        return got;
    }
}
