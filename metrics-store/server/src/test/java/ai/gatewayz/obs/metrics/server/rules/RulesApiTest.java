package ai.gatewayz.obs.metrics.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.rules.PrometheusRulesJson;
import ai.gatewayz.obs.rules.VectorSample;
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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * /api/v1/rules and /api/v1/alerts against golden files (Prometheus's shapes and the JSON types
 * Grafana decodes), filters, and reload keeping the last good rules. The PromQL engine is replaced
 * by a fixed-answer query function: this test is about wiring and shapes, not evaluation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "metrics.rules.poll-interval=0s", "metrics.rules.external-url=http://metrics.example:9090"})
class RulesApiTest {
    static final String GOOD = """
            groups:
              - name: availability
                rules:
                  - alert: InstanceDown
                    expr: up == 0
                    for: 5m
                    labels: {severity: critical}
                    annotations:
                      summary: "{{ $labels.instance }} down ({{ $value }})"
                  - alert: AlwaysFiring
                    expr: vector(1)
                  - record: job:up:sum
                    expr: sum by (job) (up)
                    labels: {source: rules}
                  - record: broken
                    expr: nonsense_for_the_fake
            """;
    static final Path DIR;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final TestClock CLOCK = TestClock.at(START);

    static {
        try {
            DIR = Files.createTempDirectory("rules-api");
            Files.writeString(DIR.resolve("prometheus.yml"), """
                    global:
                      evaluation_interval: 30s
                      external_labels: {cluster: prod}
                    rule_files: ['rules/*.yml']
                    alerting:
                      alertmanagers:
                        - static_configs: [{targets: ['127.0.0.1:1']}]
                    """);
            Files.createDirectories(DIR.resolve("rules"));
            Files.writeString(DIR.resolve("rules/a.yml"), GOOD);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("CONFIG_FILE", () -> DIR.resolve("prometheus.yml").toString());
    }

    @AfterAll
    static void cleanup() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @TestConfiguration
    static class Fakes {
        @Bean
        TestClock clock() {
            return CLOCK;
        }

        /** Fixed answers per expression, following the QueryFunc contract (errors thrown). */
        @Bean
        StorageQueryFunc engine() {
            return (storage, expr, t) -> switch (expr) {
                case "up == 0" -> List.of(new VectorSample(Labels.of("__name__", "up", "instance", "db-1", "job", "pg"), t, 0));
                case "vector(1)" -> List.of(new VectorSample(Labels.EMPTY, t, 1));
                case "sum by (job) (up)" -> List.of(new VectorSample(Labels.of("job", "pg"), t, 3));
                default -> throw new IllegalStateException("unknown metric in fake: " + expr);
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    RulesService rules;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void evaluateOnce() throws IOException {
        Files.writeString(DIR.resolve("rules/a.yml"), GOOD);
        Files.deleteIfExists(DIR.resolve("rules/b.yml"));
        rules.reload();
        // the first evaluation slot after start; later reloads keep the group's schedule, so
        // every test sees the same single evaluation whatever the test order
        CLOCK.set(START.plus(Duration.ofMinutes(1)));
        rules.tick();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Replaces run-dependent values (evaluation durations, temp paths) so the body can be compared. */
    private JsonNode normalize(String body) {
        // the evaluation slot has a per-group offset derived from the (temporary) file path
        String slot = PrometheusRulesJson.time(rules.groups().get(0).lastEvaluationMs());
        assertThat(body).contains(slot);
        JsonNode n = JSON.readTree(body.replace(DIR.toString(), "$DIR").replace(slot, "$EVAL_TIME"));
        scrub(n);
        return n;
    }

    private static void scrub(JsonNode n) {
        if (n instanceof ObjectNode o) {
            if (o.has("evaluationTime")) {
                assertThat(o.get("evaluationTime").isNumber()).isTrue();
                o.put("evaluationTime", 0);
            }
            o.values().forEach(RulesApiTest::scrub);
        } else if (n.isArray()) {
            n.forEach(RulesApiTest::scrub);
        }
    }

    /** Reads a golden file; with UPDATE_GOLDEN=1 first rewrites it from {@code actual} (then review the diff). */
    private static JsonNode golden(String name, JsonNode actual) throws IOException {
        Path p = Path.of("src/test/resources/golden/rules-api/" + name);
        if ("1".equals(System.getenv("UPDATE_GOLDEN"))) {
            Files.writeString(p, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        return JSON.readTree(Files.readString(p));
    }

    @Test
    void rulesMatchGolden() throws Exception {
        HttpResponse<String> r = get("/api/v1/rules");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode actual = normalize(r.body());
        assertThat(actual).isEqualTo(golden("rules.json", actual));
        assertThat(normalize(get("/prometheus/api/v1/rules").body())).isEqualTo(actual);
    }

    @Test
    void alertsMatchGolden() throws Exception {
        JsonNode actual = normalize(get("/api/v1/alerts").body());
        assertThat(actual).isEqualTo(golden("alerts.json", actual));
        assertThat(normalize(get("/prometheus/api/v1/alerts").body())).isEqualTo(actual);
    }

    @Test
    void selfMetricsNamedLikePrometheus() throws Exception {
        String body = get("/metrics").body();
        assertThat(body).contains("prometheus_notifications_dropped_total 0.0")
                .contains("prometheus_notifications_queue_capacity 10000.0")
                .contains("prometheus_notifications_alertmanagers_discovered 1.0")
                .contains("prometheus_rule_group_rules 4.0");
    }

    @Test
    void filters() throws Exception {
        JsonNode rec = JSON.readTree(get("/api/v1/rules?type=record").body());
        assertThat(rec.at("/data/groups/0/rules").size()).isEqualTo(2);
        assertThat(rec.at("/data/groups/0/rules/0/type").asString()).isEqualTo("recording");
        JsonNode named = JSON.readTree(get("/api/v1/rules?rule_name%5B%5D=AlwaysFiring&rule_name=InstanceDown&exclude_alerts=true").body());
        assertThat(named.at("/data/groups/0/rules").size()).isEqualTo(2);
        assertThat(named.at("/data/groups/0/rules/0").has("alerts")).isFalse();
        JsonNode none = JSON.readTree(get("/api/v1/rules?rule_group%5B%5D=nope").body());
        assertThat(none.at("/data/groups").size()).isZero();
        HttpResponse<String> bad = get("/api/v1/rules?type=bogus");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"errorType\":\"bad_data\"").contains("type").contains("bogus");
    }

    @Test
    void badReloadKeepsLastGoodRulesAndNamesTheProblem() throws Exception {
        Files.writeString(DIR.resolve("rules/b.yml"), """
                groups:
                  - name: new-group
                    rules:
                      - alert: BadTemplate
                        expr: up == 0
                        annotations:
                          summary: "{{ $label.instance }}"
                """);
        HttpResponse<String> r = post("/-/reload");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("b.yml:7:20").contains("group \"new-group\", rule 1, \"BadTemplate\"")
                .contains("undefined variable \"$label\"");
        assertThat(rules.lastReloadOk()).isFalse();
        assertThat(JSON.readTree(get("/api/v1/rules").body()).at("/data/groups").size()).isEqualTo(1);

        Files.writeString(DIR.resolve("rules/b.yml"), """
                groups:
                  - name: new-group
                    rules:
                      - alert: GoodTemplate
                        expr: up == 0
                """);
        assertThat(post("/-/reload").statusCode()).isEqualTo(200);
        JsonNode groups = JSON.readTree(get("/api/v1/rules").body()).at("/data/groups");
        assertThat(groups.size()).isEqualTo(2);
        assertThat(groups.get(1).get("name").asString()).isEqualTo("new-group");
        // alert state of the unchanged group survived the reload
        assertThat(groups.get(0).at("/rules/1/state").asString()).isEqualTo("firing");
    }
}
