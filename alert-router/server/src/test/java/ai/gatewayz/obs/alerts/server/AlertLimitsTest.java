package ai.gatewayz.obs.alerts.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alerts.AlertRouter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * alert-router's ingest limits (alerts.limits.*, alerts.per-alertname-limit) over real HTTP, with
 * small limits so each one is reached: every hit has its status and exact message, and the valid
 * alerts of a partly refused post are stored, as Alertmanager stores the valid part of a post.
 */
class AlertLimitsTest {
    static final String CONFIG = """
            route:
              receiver: none
            receivers:
              - name: none
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static RunningRouter router;

    @BeforeAll
    static void start() {
        router = RunningRouter.start(dir, CONFIG, "--alerts.limits.max-request-size=64KB", "--alerts.limits.max-alerts-per-request=10",
                "--alerts.limits.max-labels-size=1KB", "--alerts.limits.max-annotations-size=2KB", "--alerts.limits.max-alerts=30",
                "--alerts.limits.max-alerts-size=6KB", "--alerts.per-alertname-limit=3");
    }

    @AfterAll
    static void stop() {
        router.close();
    }

    static String alert(String name, String instance) {
        return "{\"labels\":{\"alertname\":\"" + name + "\",\"instance\":\"" + instance + "\"}}";
    }

    static String batch(String... alerts) {
        return "[" + String.join(",", alerts) + "]";
    }

    List<String> held(String alertname) {
        JsonNode n = JSON.readTree(router.get("/api/v2/alerts?filter=alertname%3D%22" + alertname + "%22").body());
        List<String> out = new ArrayList<>();
        n.forEach(a -> out.add(a.get("labels").get("instance").asString()));
        out.sort(null);
        return out;
    }

    static Stream<Arguments> refusals() {
        String big = batch("{\"labels\":{\"alertname\":\"Body\",\"v\":\"" + "x".repeat(70 * 1024) + "\"}}");
        return Stream.of(
                Arguments.argumentSet("body over max-request-size", "application/json", big, 413,
                        "\"request body too large [size=" + big.length() + ", max=65536]\"", "Body", List.of()),
                Arguments.argumentSet("more alerts than max-alerts-per-request", "application/json",
                        batch(IntStream.range(0, 11).mapToObj(i -> alert("Count", "i" + i)).toArray(String[]::new)), 413,
                        "\"too many alerts in one request [count=11, limit=10]\"", "Count", List.of()),
                Arguments.argumentSet("labels over max-labels-size, the valid alert kept", "application/json",
                        batch("{\"labels\":{\"alertname\":\"Lbl\",\"instance\":\"big\",\"v\":\"" + "y".repeat(1100) + "\"}}", alert("Lbl", "ok")),
                        400, "\"labels too large [alertname=Lbl, size=1124, limit=1024]\"", "Lbl", List.of("ok")),
                Arguments.argumentSet("annotations over max-annotations-size, the valid alert kept", "application/json",
                        batch("{\"labels\":{\"alertname\":\"Ann\",\"instance\":\"big\"},\"annotations\":{\"d\":\"" + "z".repeat(2100) + "\"}}",
                                alert("Ann", "ok")),
                        400, "\"annotations too large [alertname=Ann, size=2101, limit=2048]\"", "Ann", List.of("ok")),
                Arguments.argumentSet("per-alertname limit: the first three kept", "application/json",
                        batch(alert("Per", "a"), alert("Per", "b"), alert("Per", "c"), alert("Per", "d"), alert("Per", "e")),
                        429, "\"too many alerts for this alertname [limit=3] [alertname=Per]; "
                                + "too many alerts for this alertname [limit=3] [alertname=Per]\"", "Per", List.of("a", "b", "c")),
                Arguments.argumentSet("text/plain is refused in Alertmanager's words", "text/plain", batch(alert("Plain", "a")), 415,
                        "\"unsupported media type \\\"text/plain\\\", only [application/json] are allowed\"", "Plain", List.of()),
                Arguments.argumentSet("a form content type is refused", "application/x-www-form-urlencoded", batch(alert("Form", "a")), 415,
                        "\"unsupported media type \\\"application/x-www-form-urlencoded\\\", only [application/json] are allowed\"",
                        "Form", List.of()),
                Arguments.argumentSet("JSON with a charset is accepted", "application/json; charset=utf-8", batch(alert("Charset", "a")),
                        200, "", "Charset", List.of("a")),
                Arguments.argumentSet("no content type is accepted as JSON", null, batch(alert("NoType", "a")), 200, "", "NoType",
                        List.of("a")));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void eachLimitHasItsStatus(String contentType, String body, int status, String message, String alertname, List<String> kept) {
        HttpResponse<String> r = router.post("/api/v2/alerts", contentType, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(message);
        assertThat(held(alertname)).isEqualTo(kept);
    }

    /**
     * A flood of new alerts from distinct alertnames: whatever arrives, the router never holds more
     * than max-alerts or max-alerts-size, refuses the rest with 429, and still takes updates (here:
     * resolutions) of what it holds.
     */
    @Test
    void memoryStaysBoundedUnderAFlood(@TempDir Path floodDir) {
        try (RunningRouter flood = RunningRouter.start(floodDir, CONFIG, "--alerts.limits.max-alerts=30",
                "--alerts.limits.max-alerts-size=6KB")) {
            flood(flood);
        }
    }

    private static void flood(RunningRouter router) {
        AlertRouter engine = router.bean(AlertRouter.class);
        int refusedPosts = 0;
        for (int req = 0; req < 40; req++) {
            int r = req;
            String body = batch(IntStream.range(0, 10)
                    .mapToObj(i -> "{\"labels\":{\"alertname\":\"Flood" + r + "_" + i + "\",\"instance\":\"i\"},"
                            + "\"annotations\":{\"summary\":\"" + "s".repeat(100) + "\"}}")
                    .toArray(String[]::new));
            HttpResponse<String> resp = router.post("/api/v2/alerts", "application/json", body);
            assertThat(resp.statusCode()).as(resp.body()).isIn(200, 429);
            if (resp.statusCode() == 429) {
                refusedPosts++;
                assertThat(resp.body()).containsPattern("too many alerts in memory \\[limit=30]|alerts in memory too large \\[limit_bytes=6144]");
            }
            assertThat(engine.alertCount()).isLessThanOrEqualTo(30);
            assertThat(engine.alertBytes()).isLessThanOrEqualTo(6 * 1024);
        }
        assertThat(refusedPosts).isGreaterThan(30);
        assertThat(router.get("/api/v2/alerts").body().length()).isLessThan(30 * 1024);

        // At capacity, an update of a held alert still goes in: resolve one of the first flood alerts.
        String held = JSON.readTree(router.get("/api/v2/alerts?filter=alertname%3D~%22Flood.*%22").body())
                .get(0).get("labels").get("alertname").asString();
        String resolve = batch("{\"labels\":{\"alertname\":\"" + held + "\",\"instance\":\"i\"},\"annotations\":{\"summary\":\""
                + "s".repeat(100) + "\"},\"endsAt\":\"2020-01-01T00:00:00Z\",\"startsAt\":\"2019-12-31T00:00:00Z\"}");
        assertThat(router.post("/api/v2/alerts", "application/json", resolve).statusCode()).isEqualTo(200);
        JsonNode after = JSON.readTree(router.get("/api/v2/alerts?active=true&filter=alertname%3D%22" + held + "%22").body());
        assertThat(after.size()).as(after.toString()).isZero();
        assertThat(engine.alertCount()).isLessThanOrEqualTo(30);
    }
}
