package ai.gatewayz.obs.metrics.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.rules.VectorSample;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The server wired end to end with Debian's Alertmanager 0.25: the `alerting` block of the
 * configuration file names Alertmanager, a rule fires, the notifier thread delivers, the test reads
 * the alert back through Alertmanager's API, then the condition clears and the alert resolves.
 * The condition comes from a switchable fake query function; the clock is real time driven by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "metrics.rules.poll-interval=0s", "metrics.rules.external-url=http://metrics-store.test:9090"})
class RulesToAlertmanagerTest {
    static PeerProcess am;
    static Path dir;
    static final AtomicBoolean DOWN = new AtomicBoolean(true);
    static final TestClock CLOCK = TestClock.at(Instant.ofEpochMilli(System.currentTimeMillis() - 120_000));

    @BeforeAll
    static void startAlertmanager() throws IOException {
        am = PeerProcess.alertmanager("route: {receiver: sink}\nreceivers: [{name: sink}]\n");
        dir = Files.createTempDirectory("rules-am");
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: e2e
                    interval: 15s
                    rules:
                      - alert: ServerE2EDown
                        expr: up == 0
                        labels: {severity: critical}
                        annotations: {summary: "{{ $labels.instance }} down"}
                """);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {external_labels: {cluster: e2e}}
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(am.port()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (am != null) {
            am.close();
        }
        if (dir != null) {
            for (String f : List.of("rules.yml", "prometheus.yml")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("CONFIG_FILE", () -> dir.resolve("prometheus.yml").toString());
    }

    @TestConfiguration
    static class Fakes {
        @Bean
        TestClock clock() {
            return CLOCK;
        }

        @Bean
        StorageQueryFunc engine() {
            return (storage, expr, t) -> DOWN.get() && expr.equals("up == 0")
                    ? List.of(new VectorSample(Labels.of("__name__", "up", "instance", "api-1", "job", "gw"), t, 0))
                    : List.of();
        }
    }

    @Autowired
    RulesService rules;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode amAlerts() throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(am.url()
                + "/api/v2/alerts?filter=alertname%3D%22ServerE2EDown%22")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(body);
    }

    private static JsonNode await(int size) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode n = amAlerts();
        while (n.size() != size && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            n = amAlerts();
        }
        return n;
    }

    @Test
    void firesAndResolvesInAlertmanager() throws Exception {
        CLOCK.advance(Duration.ofSeconds(15));
        rules.tick();
        long firedAt = rules.groups().get(0).lastEvaluationMs();
        JsonNode alerts = await(1);
        assertThat(alerts.size()).isEqualTo(1);
        JsonNode a = alerts.get(0);
        assertThat(a.at("/labels/instance").asString()).isEqualTo("api-1");
        assertThat(a.at("/labels/severity").asString()).isEqualTo("critical");
        assertThat(a.at("/labels/cluster").asString()).isEqualTo("e2e");
        assertThat(a.at("/annotations/summary").asString()).isEqualTo("api-1 down");
        assertThat(Instant.parse(a.get("startsAt").asString()).toEpochMilli()).isEqualTo(firedAt);
        assertThat(a.get("generatorURL").asString()).startsWith("http://metrics-store.test:9090/graph?g0.expr=");

        DOWN.set(false);
        CLOCK.advance(Duration.ofSeconds(15));
        rules.tick();
        assertThat(await(0).size()).isZero();
        assertThat(rules.notifier().sent()).isEqualTo(2);
        assertThat(rules.notifier().dropped()).isZero();
    }
}
