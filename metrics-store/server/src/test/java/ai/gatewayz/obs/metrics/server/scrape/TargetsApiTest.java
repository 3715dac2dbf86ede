package ai.gatewayz.obs.metrics.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.server.peer.ExpositionTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * /api/v1/targets, /api/v1/targets/metadata and /api/v1/scrape_pools against golden files, with
 * the filters and parameter errors answered as Prometheus 2.42 answers them (recorded from
 * Debian's prometheus 2.42 scraping the same kind of targets; the live comparison is
 * TargetsDifferentialTest). Scraping runs for real at 1 s; tests wait until every target has been
 * scraped once, then compare with times and durations scrubbed (their presence and types checked).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"metrics.scrape.enabled=true", "metrics.web.external-url=http://metrics.example:9090/"})
@DirtiesContext
public class TargetsApiTest {
    public static final String EXPOSITION = """
            # HELP demo_requests_total Requests served.
            # TYPE demo_requests_total counter
            demo_requests_total{code="200"} 5
            # HELP demo_temp_celsius Temperature.
            # TYPE demo_temp_celsius gauge
            # UNIT demo_temp_celsius celsius
            demo_temp_celsius 21.5
            # TYPE demo_untyped untyped
            demo_untyped 1
            # HELP demo_helponly Only help.
            demo_helponly 2
            demo_nometa 3
            """;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern GO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
    static ExpositionTarget good;
    static ExpositionTarget failing;
    static Path dir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        good = new ExpositionTarget(EXPOSITION);
        failing = new ExpositionTarget(null);
        dir = Files.createTempDirectory("targets-api");
        Files.writeString(dir.resolve("prometheus.yml"), config(good.address(), failing.address()));
        r.add("suite.data-dir", () -> dir.resolve("data").toString());
        r.add("config.file", () -> dir.resolve("prometheus.yml").toString());
    }

    /** The same configuration TargetsDifferentialTest gives Prometheus 2.42. */
    public static String config(String goodAddress, String failingAddress) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: good
                    params:
                      x: ['1']
                    static_configs:
                      - targets: ['%1$s']
                        labels:
                          env: test
                  - job_name: failing
                    static_configs:
                      - targets: ['%2$s']
                  - job_name: dropping
                    scrape_interval: 2s
                    relabel_configs:
                      - source_labels: [__address__]
                        regex: 'dropped\\.invalid:.*'
                        action: drop
                    static_configs:
                      - targets: ['%1$s', 'dropped.invalid:1']
                  - job_name: alldropped
                    relabel_configs:
                      - action: drop
                        source_labels: [__address__]
                        regex: '.*'
                    static_configs:
                      - targets: ['nowhere.invalid:9']
                """.formatted(goodAddress, failingAddress);
    }

    @AfterAll
    static void stopTargets() throws IOException {
        good.close();
        failing.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET().build());
    }

    HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Waits (on the observable state, not a fixed sleep) until every active target was scraped. */
    @BeforeEach
    void awaitFirstScrapes() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String body = get("/api/v1/targets?state=active").body();
            if (body.contains("\"health\":\"up\"") && !body.contains("\"health\":\"unknown\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("targets not scraped within 30 s: " + get("/api/v1/targets").body());
    }

    private JsonNode normalize(String body) {
        String s = body.replace(good.address(), "$GOOD").replace(failing.address(), "$FAILING")
                .replace("metrics.example:" + port(good), "metrics.example:$GOOD_PORT")
                .replace("metrics.example:" + port(failing), "metrics.example:$FAILING_PORT");
        JsonNode n = JSON.readTree(s);
        scrub(n);
        return n;
    }

    private static String port(ExpositionTarget t) {
        return t.address().substring(t.address().lastIndexOf(':') + 1);
    }

    /** Replaces lastScrape and lastScrapeDuration by placeholders after checking their form. */
    static void scrub(JsonNode n) {
        if (n instanceof ObjectNode o) {
            if (o.has("lastScrape")) {
                String t = o.get("lastScrape").asString();
                assertThat(t).matches(GO_TIME).isNotEqualTo("0001-01-01T00:00:00Z");
                o.put("lastScrape", "$TIME");
            }
            if (o.has("lastScrapeDuration")) {
                assertThat(o.get("lastScrapeDuration").isNumber()).isTrue();
                assertThat(o.get("lastScrapeDuration").asDouble()).isPositive();
                o.put("lastScrapeDuration", 0);
            }
            o.values().forEach(TargetsApiTest::scrub);
        } else if (n.isArray()) {
            n.forEach(TargetsApiTest::scrub);
        }
    }

    /** Reads a golden file; with UPDATE_GOLDEN=1 first rewrites it from {@code actual} (then review the diff). */
    static JsonNode golden(String name, JsonNode actual) throws IOException {
        Path p = Path.of("src/test/resources/golden/targets-api/" + name);
        if ("1".equals(System.getenv("UPDATE_GOLDEN"))) {
            Files.writeString(p, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
        }
        return JSON.readTree(Files.readString(p));
    }

    @Test
    void targetsMatchGolden() throws IOException {
        HttpResponse<String> r = get("/api/v1/targets");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode actual = normalize(r.body());
        assertThat(actual).isEqualTo(golden("targets.json", actual));
        assertThat(normalize(get("/prometheus/api/v1/targets").body())).isEqualTo(actual);
    }

    @Test
    void targetMetadataMatchesGolden() throws IOException {
        JsonNode actual = normalize(get("/api/v1/targets/metadata").body());
        assertThat(actual).isEqualTo(golden("targets-metadata.json", actual));
        JsonNode one = normalize(get("/api/v1/targets/metadata?metric=demo_temp_celsius").body());
        assertThat(one).isEqualTo(golden("targets-metadata-metric.json", one));
    }

    @Test
    void scrapePoolsAreSortedJobNames() {
        assertThat(get("/api/v1/scrape_pools").body())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"scrapePools\":[\"alldropped\",\"dropping\",\"failing\",\"good\"]}}");
        assertThat(get("/prometheus/api/v1/scrape_pools").body()).isEqualTo(get("/api/v1/scrape_pools").body());
    }

    private List<String> pools(JsonNode targets, String list, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : targets.get("data").get(list)) {
            out.add(field.equals("scrapePool") ? t.get("scrapePool").asString() : t.get("discoveredLabels").get("job").asString());
        }
        return out;
    }

    @Test
    void stateAndScrapePoolFiltersAsPrometheus242() {
        record Case(String query, List<String> active, List<String> dropped) {
        }
        List<String> all = List.of("dropping", "failing", "good");
        List<String> dropped = List.of("alldropped", "dropping");
        for (Case c : List.of(
                new Case("", all, dropped),
                new Case("?state=any", all, dropped),
                new Case("?state=ANY", all, dropped),
                new Case("?state=active", all, List.of()),
                new Case("?state=Dropped", List.of(), dropped),
                // Prometheus 2.42 does not reject an unknown state: it selects neither list.
                new Case("?state=weird", List.of(), List.of()),
                new Case("?scrapePool=good", List.of("good"), List.of()),
                new Case("?scrapePool=dropping&state=dropped", List.of(), List.of("dropping")),
                new Case("?scrapePool=alldropped", List.of(), List.of("alldropped")),
                new Case("?scrapePool=nope", List.of(), List.of()))) {
            HttpResponse<String> r = get("/api/v1/targets" + c.query());
            assertThat(r.statusCode()).as(c.query()).isEqualTo(200);
            JsonNode n = JSON.readTree(r.body());
            assertThat(pools(n, "activeTargets", "scrapePool")).as(c.query() + " active").isEqualTo(c.active());
            assertThat(pools(n, "droppedTargets", "job")).as(c.query() + " dropped").isEqualTo(c.dropped());
        }
    }

    @Test
    void metadataFiltersAsPrometheus242() {
        record Case(String query, int entries, List<String> jobs) {
        }
        for (Case c : List.of(
                new Case("", 8, List.of("dropping", "good")),
                new Case("?metric=demo_requests_total", 2, List.of("dropping", "good")),
                new Case("?metric=nope", 0, List.of()),
                new Case("?metric=demo_nometa", 0, List.of()),
                new Case("?match_target=" + enc("{job=\"good\"}"), 4, List.of("good")),
                new Case("?match_target=" + enc("{}"), 8, List.of("dropping", "good")),
                new Case("?match_target=up", 0, List.of()),
                new Case("?match_target=" + enc("{env=\"\"}"), 4, List.of("dropping")),
                // The limit is checked before each target: the first target's whole list is returned.
                new Case("?limit=1", 4, List.of("dropping")),
                new Case("?limit=0", 0, List.of()),
                new Case("?limit=-1", 8, List.of("dropping", "good")),
                new Case("?limit=", 8, List.of("dropping", "good")))) {
            HttpResponse<String> r = get("/api/v1/targets/metadata" + c.query());
            assertThat(r.statusCode()).as(c.query()).isEqualTo(200);
            JsonNode data = JSON.readTree(r.body()).get("data");
            assertThat(data.size()).as(c.query()).isEqualTo(c.entries());
            List<String> jobs = new ArrayList<>();
            data.forEach(e -> {
                String j = e.get("target").get("job").asString();
                if (!jobs.contains(j)) {
                    jobs.add(j);
                }
            });
            assertThat(jobs).as(c.query()).isEqualTo(c.jobs());
        }
    }

    @Test
    void parameterErrorsWordedAsPrometheus242() {
        record Case(String path, int status, String body) {
        }
        String mt = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match_target\\\": ";
        String limit = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a number\"}";
        for (Case c : List.of(
                new Case("/api/v1/targets/metadata?limit=abc", 400, limit),
                new Case("/api/v1/targets/metadata?limit=1.5", 400, limit),
                new Case("/api/v1/targets/metadata?limit=" + enc(" 1"), 400, limit),
                new Case("/api/v1/targets/metadata?match_target=" + enc("bad{"), 400,
                        mt + "1:5: parse error: unexpected end of input inside braces\"}"),
                new Case("/api/v1/targets/metadata?match_target=" + enc("up{"), 400,
                        mt + "1:4: parse error: unexpected end of input inside braces\"}"),
                new Case("/api/v1/targets/metadata?match_target=" + enc("sum(up)"), 400,
                        mt + "1:4: parse error: unexpected \\\"(\\\"\"}"),
                new Case("/api/v1/targets/metadata?match_target=" + enc("{job=~\"((\"}"), 400,
                        mt + "1:2: parse error: error parsing regexp: missing closing ): `^(?:(()$`\"}"))) {
            HttpResponse<String> r = get(c.path());
            assertThat(r.statusCode()).as(c.path()).isEqualTo(c.status());
            assertThat(r.body()).as(c.path()).isEqualTo(c.body());
        }
    }

    @Test
    void onlyGetIsRouted() {
        for (String path : List.of("/api/v1/targets", "/api/v1/targets/metadata", "/api/v1/scrape_pools")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(r.statusCode()).as(path).isEqualTo(405);
            assertThat(r.body()).as(path).contains("\"status\":\"error\"");
        }
    }
}
