package ai.gatewayz.obs.logs.server.ruler;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.logs.ruler.LogRuler;
import ai.gatewayz.obs.logs.server.LokiHttp;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Loki's ruler API over HTTP: the table of rejected requests (exact status, content type and body),
 * the create / read / delete cycle with its YAML and JSON bodies, the legacy {@code /api/prom/rules}
 * paths, tenants, groups kept in the rule directory, and the alert state machine seen through
 * {@code /prometheus/api/v1/rules|alerts} while a {@link TestClock} is advanced by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "log.ruler.tick-interval=0")
class LokiRulerApiTest {
    static final TestClock CLOCK = TestClock.at(Instant.parse("2026-06-01T12:00:00Z"));

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> data.toString());
        r.add("log.ruler.seed-directory", () -> Peers.sourceRoot().resolve("deploy/log-rules").toString());
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        TestClock clock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    LogRuler ruler;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    record Resp(int status, String type, String body) {
    }

    Resp call(String method, String path, String body, String tenant) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/yaml");
        }
        if (tenant != null) {
            b.header("X-Scope-OrgID", tenant);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Resp(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    static final String GROUP = """
            name: errors
            rules:
              - record: loki:api_errors:count1m
                expr: sum by (provider) (count_over_time({app="api-test", level="ERROR"} | provider!="" [1m]))
              - alert: ApiTestErrors
                expr: sum by (provider) (count_over_time({app="api-test", level="ERROR"} | provider!="" [1m])) > 2
                for: 1m
                labels: {severity: page}
                annotations: {summary: '{{ $labels.provider }}: {{ $value }} errors'}
            """;

    record Case(String name, String method, String path, String body, int status, String message) {
    }

    @Test
    void rejectedRequestsAnswerLokisPlainTextErrors() throws Exception {
        List<Case> cases = List.of(
                new Case("list, nothing stored", "GET", "/loki/api/v1/rules", null, 404, "no rule groups found"),
                new Case("list, legacy path", "GET", "/api/prom/rules", null, 404, "no rule groups found"),
                new Case("unknown namespace", "GET", "/loki/api/v1/rules/nope", null, 404, "no rule groups found"),
                new Case("unknown group", "GET", "/loki/api/v1/rules/nope/g", null, 404, "group does not exist"),
                new Case("body not YAML", "POST", "/loki/api/v1/rules/ns", "name: [", 400, "unable to decoded rule group"),
                new Case("body a list", "POST", "/loki/api/v1/rules/ns", "- a\n", 400, "unable to decoded rule group"),
                new Case("empty body", "POST", "/loki/api/v1/rules/ns", "", 400, "unable to decoded rule group"),
                new Case("no group name", "POST", "/loki/api/v1/rules/ns", "rules: [{record: x, expr: 'sum(rate({a=\"b\"}[1m]))'}]",
                        400, "invalid rules config: rule group name must not be empty"),
                new Case("no rules", "POST", "/loki/api/v1/rules/ns", "name: g\nrules: []\n", 400,
                        "invalid rules config: rule group 'g' has no rules"),
                new Case("PromQL instead of LogQL", "POST", "/loki/api/v1/rules/ns",
                        "name: g\nrules:\n  - record: x\n    expr: avg_over_time(loki:errors:count_per_minute[1h])\n", 400,
                        "could not parse expression for record 'x' in group 'g': parse error at line 1, col 19: syntax error: unexpected character: ':'"),
                new Case("clamp_min is not LogQL", "POST", "/loki/api/v1/rules/ns",
                        "name: g\nrules:\n  - alert: A\n    expr: clamp_min(sum(count_over_time({a=\"b\"}[5m])), 1)\n", 400,
                        "could not parse expression for alert 'A' in group 'g': parse error at line 1, col 1: syntax error: unexpected IDENTIFIER"),
                new Case("two problems", "POST", "/loki/api/v1/rules/ns",
                        "name: g\nrules:\n  - record: 'a b'\n    expr: sum(rate({a=\"b\"}[1m]))\n    for: 1m\n", 400,
                        "group \"g\", rule 1, \"a b\": invalid field 'for' in recording rule"),
                new Case("delete unknown namespace", "DELETE", "/loki/api/v1/rules/nope", null, 404, "group namespace does not exist"),
                new Case("delete unknown group", "DELETE", "/loki/api/v1/rules/nope/g", null, 404, "group does not exist"),
                new Case("hidden namespace", "POST", "/loki/api/v1/rules/.x", GROUP, 400,
                        "invalid namespace [namespace=.x, reason=must be a file name: not empty, no '/', not '.' or '..', not starting with '.']"));
        for (Case c : cases) {
            Resp r = call(c.method(), c.path(), c.body(), "api-errors");
            assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.type()).as(c.name()).startsWith("text/plain");
            assertThat(r.body()).as(c.name()).isEqualTo(c.message() + "\n");
        }
        assertThat(call("GET", "/loki/api/v1/rules", null, "api-errors").status()).isEqualTo(404);
    }

    @Test
    void groupsAreCreatedReadAndDeletedInLokisFormatsAndKeptInTheRuleDirectory() throws Exception {
        String t = "crud";
        Resp post = call("POST", "/loki/api/v1/rules/gateway", GROUP, t);
        assertThat(post).isEqualTo(new Resp(202, "application/json",
                "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}"));
        assertThat(call("POST", "/api/prom/rules/gateway", "name: second\ninterval: 5m\nrules:\n  - record: y\n"
                + "    expr: sum(rate({app=\"api-test\"}[5m]))\n", t).status()).isEqualTo(202);

        String group = """
                name: errors
                rules:
                  - record: loki:api_errors:count1m
                    expr: sum by (provider) (count_over_time({app="api-test", level="ERROR"} | provider!="" [1m]))
                  - alert: ApiTestErrors
                    expr: sum by (provider) (count_over_time({app="api-test", level="ERROR"} | provider!="" [1m])) > 2
                    for: 1m
                    labels:
                      severity: page
                    annotations:
                      summary: '{{ $labels.provider }}: {{ $value }} errors'
                """;
        Resp one = call("GET", "/loki/api/v1/rules/gateway/errors", null, t);
        assertThat(one).isEqualTo(new Resp(200, "application/yaml", group));
        String second = """
                  - name: second
                    interval: 5m
                    rules:
                      - record: y
                        expr: sum(rate({app="api-test"}[5m]))
                """;
        String all = "gateway:\n" + group.indent(4).replaceFirst("^    name", "  - name") + second;
        assertThat(call("GET", "/loki/api/v1/rules", null, t).body()).isEqualTo(all);
        assertThat(call("GET", "/api/prom/rules", null, t).body()).isEqualTo(all);
        assertThat(call("GET", "/loki/api/v1/rules/gateway", null, t).body()).isEqualTo(all);
        assertThat(call("GET", "/loki/api/v1/rules", null, "someone-else").status()).isEqualTo(404);
        Path file = data.resolve("rules").resolve(t).resolve("gateway");
        assertThat(Files.readString(file)).startsWith("groups:\n  - name: errors\n");

        assertThat(call("DELETE", "/loki/api/v1/rules/gateway/second", null, t).status()).isEqualTo(202);
        assertThat(call("GET", "/loki/api/v1/rules/gateway/second", null, t).status()).isEqualTo(404);
        assertThat(ruler.groups(t)).extracting(g -> g.name()).containsExactly("errors");
        assertThat(call("DELETE", "/loki/api/v1/rules/gateway", null, t).status()).isEqualTo(202);
        assertThat(call("GET", "/loki/api/v1/rules", null, t).status()).isEqualTo(404);
        assertThat(Files.exists(file)).isFalse();
        assertThat(ruler.groups(t)).isEmpty();
    }

    private void pushErrors(String tenant, String provider, int n, long atMs) {
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < n; i++) {
            v.append(i == 0 ? "" : ",").append("[\"").append((atMs - 1000) * 1_000_000L + i).append("\",\"failed\",{\"provider\":\"")
                    .append(provider).append("\"}]");
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api-test\",\"level\":\"ERROR\"},\"values\":[" + v + "]}]}";
        assertThat(new LokiHttp(port).postJson("/loki/api/v1/push", body, tenant).status()).isEqualTo(204);
    }

    private long minute(String tenant, int errors) {
        CLOCK.advance(Duration.ofMinutes(1));
        long ts = ruler.groups(tenant).get(0).evalTimestamp(CLOCK.millis());
        pushErrors(tenant, "groq", errors, ts);
        ruler.tick();
        return ts;
    }

    private JsonNode json(String path, String tenant) throws Exception {
        Resp r = call("GET", path, null, tenant);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.type()).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void theAlertStateMachineShowsThroughThePrometheusEndpointsInVirtualTime() throws Exception {
        String t = "alerts";
        assertThat(call("POST", "/loki/api/v1/rules/gw", GROUP, t).status()).isEqualTo(202);
        JsonNode before = json("/prometheus/api/v1/rules", t);
        JsonNode rule = before.at("/data/groups/0/rules/1");
        assertThat(before.at("/data/groups/0/file").asText()).isEqualTo("gw");
        assertThat(before.at("/data/groups/0/interval").asInt()).isEqualTo(60);
        assertThat(rule.path("state").asText()).isEqualTo("inactive");
        assertThat(rule.path("health").asText()).isEqualTo("unknown");
        assertThat(rule.path("lastEvaluation").asText()).isEqualTo("0001-01-01T00:00:00Z");

        long t1 = minute(t, 4);
        JsonNode pending = json("/prometheus/api/v1/alerts", t).at("/data/alerts");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path("state").asText()).isEqualTo("pending");
        assertThat(pending.get(0).path("value").asText()).isEqualTo("4e+00");
        assertThat(pending.get(0).path("activeAt").asText()).isEqualTo(Instant.ofEpochMilli(t1).toString());
        assertThat(pending.get(0).at("/annotations/summary").asText()).isEqualTo("groq: 4 errors");

        minute(t, 5);
        JsonNode rules = json("/prometheus/api/v1/rules?type=alert", t);
        JsonNode alerting = rules.at("/data/groups/0/rules/0");
        assertThat(rules.at("/data/groups/0/rules")).hasSize(1);
        assertThat(alerting.path("state").asText()).isEqualTo("firing");
        assertThat(alerting.path("health").asText()).isEqualTo("ok");
        assertThat(alerting.path("duration").asInt()).isEqualTo(60);
        assertThat(alerting.at("/alerts/0/state").asText()).isEqualTo("firing");
        assertThat(alerting.at("/alerts/0/annotations/summary").asText()).isEqualTo("groq: 5 errors");

        minute(t, 0);
        assertThat(json("/prometheus/api/v1/alerts", t).at("/data/alerts")).isEmpty();
        assertThat(json("/prometheus/api/v1/rules", t).at("/data/groups/0/rules/1/state").asText()).isEqualTo("inactive");
        assertThat(json("/prometheus/api/v1/rules", "nobody").at("/data/groups")).isEmpty();
    }

    @Test
    void theBundledLogRulesAreSeededIntoTheDefaultTenantsRuleDirectory() throws Exception {
        Path seeded = data.resolve("rules/anonymous/gatewayz-log-recording.yml");
        assertThat(Files.readString(seeded)).isEqualTo(
                Files.readString(Peers.sourceRoot().resolve("deploy/log-rules/anonymous/gatewayz-log-recording.yml")));
        Resp list = call("GET", "/loki/api/v1/rules", null, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).startsWith("gatewayz-log-recording.yml:\n  - name: loki_error_metrics\n");
        JsonNode groups = json("/prometheus/api/v1/rules", null).at("/data/groups");
        assertThat(groups).hasSize(8);
        int rules = 0;
        for (JsonNode g : groups) {
            assertThat(g.path("file").asText()).isEqualTo("gatewayz-log-recording.yml");
            rules += g.path("rules").size();
        }
        assertThat(rules).isEqualTo(32);
    }

    @Test
    void badPrometheusParametersAnswerTheJsonEnvelope() throws Exception {
        Resp r = call("GET", "/prometheus/api/v1/rules?type=bogus", null, null);
        assertThat(r.status()).isEqualTo(400);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("status").asText()).isEqualTo("error");
        assertThat(n.path("errorType").asText()).isEqualTo("bad_data");
        assertThat(n.path("error").asText()).isEqualTo("invalid query parameter [name=type, value=bogus, reason=must be 'alert' or 'record']");
    }
}
