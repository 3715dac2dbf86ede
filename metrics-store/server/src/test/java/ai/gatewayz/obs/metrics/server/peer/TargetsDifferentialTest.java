package ai.gatewayz.obs.metrics.server.peer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.server.scrape.TargetsApiTest;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
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
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Differential test of the targets APIs: Debian's Prometheus 2.42 and metrics-store, given the same
 * prometheus.yml, scrape the same exposition servers (one healthy target in two jobs, one answering
 * 500, one target dropped by relabel_configs and a job whose only target is dropped). Then
 * /api/v1/targets (with its state and scrapePool filters), /api/v1/targets/metadata (with metric,
 * match_target and limit) and /api/v1/scrape_pools must agree field by field and in field order;
 * lastScrape and lastScrapeDuration are compared by presence and type only, and lists whose order
 * Prometheus takes from a Go map (random) are compared as sorted lists. Parameter errors must be
 * byte-identical.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metrics.scrape.enabled=true")
@DirtiesContext
class TargetsDifferentialTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern GO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
    static ExpositionTarget good;
    static ExpositionTarget failing;
    static Path dir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        good = new ExpositionTarget(TargetsApiTest.EXPOSITION);
        failing = new ExpositionTarget(null);
        dir = Files.createTempDirectory("targets-diff");
        Files.writeString(dir.resolve("prometheus.yml"), TargetsApiTest.config(good.address(), failing.address()));
        r.add("suite.data-dir", () -> dir.resolve("data").toString());
        r.add("config.file", () -> dir.resolve("prometheus.yml").toString());
    }

    @AfterAll
    static void stop() throws IOException {
        good.close();
        failing.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String base, String pathAndQuery) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void awaitScraped(String base) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String body = get(base, "/api/v1/targets?state=active").body();
            if (body.contains("\"health\":\"down\"") && !body.contains("\"health\":\"unknown\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("targets of " + base + " not all scraped within 60 s: " + get(base, "/api/v1/targets").body());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.propertyNames().forEach(out::add);
        return out;
    }

    /** Active targets keyed by pool and URL, with the two timing fields checked and blanked. */
    private static TreeMap<String, JsonNode> active(JsonNode data) {
        TreeMap<String, JsonNode> out = new TreeMap<>();
        for (JsonNode t : data.get("activeTargets")) {
            var o = (tools.jackson.databind.node.ObjectNode) t.deepCopy();
            assertThat(o.get("lastScrape").isString()).isTrue();
            assertThat(o.get("lastScrape").asString()).matches(GO_TIME).isNotEqualTo("0001-01-01T00:00:00Z");
            assertThat(o.get("lastScrapeDuration").isNumber()).isTrue();
            assertThat(o.get("lastScrapeDuration").asDouble()).isPositive();
            o.put("lastScrape", "$TIME");
            o.put("lastScrapeDuration", 0);
            out.put(o.get("scrapePool").asString() + " " + o.get("scrapeUrl").asString(), o);
        }
        return out;
    }

    private static List<String> sortedStrings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.toString()));
        out.sort(null);
        return out;
    }

    @Test
    void targetsMetadataAndPoolsAgreeWithPrometheus242() throws Exception {
        Peers.binary("prometheus");
        String ours = "http://127.0.0.1:" + port;
        try (PeerProcess prom = PeerProcess.prometheus(TargetsApiTest.config(good.address(), failing.address()))) {
            awaitScraped(prom.url());
            awaitScraped(ours);
            for (String q : List.of("", "?state=any", "?state=ACTIVE", "?state=dropped", "?state=weird", "?scrapePool=good",
                    "?scrapePool=dropping&state=dropped", "?scrapePool=alldropped", "?scrapePool=nope")) {
                HttpResponse<String> theirsR = get(prom.url(), "/api/v1/targets" + q);
                HttpResponse<String> oursR = get(ours, "/api/v1/targets" + q);
                assertThat(oursR.statusCode()).as(q).isEqualTo(theirsR.statusCode());
                JsonNode theirs = JSON.readTree(theirsR.body());
                JsonNode mine = JSON.readTree(oursR.body());
                assertThat(fieldNames(mine)).as(q).isEqualTo(fieldNames(theirs));
                assertThat(fieldNames(mine.get("data"))).as(q).isEqualTo(fieldNames(theirs.get("data")));
                TreeMap<String, JsonNode> a = active(mine.get("data"));
                TreeMap<String, JsonNode> b = active(theirs.get("data"));
                assertThat(a.keySet()).as(q + " active targets").isEqualTo(b.keySet());
                for (String k : a.keySet()) {
                    assertThat(fieldNames(a.get(k))).as(q + " field order of " + k).isEqualTo(fieldNames(b.get(k)));
                    for (String f : fieldNames(b.get(k))) {
                        assertThat(a.get(k).get(f)).as(q + " " + k + " " + f).isEqualTo(b.get(k).get(f));
                    }
                }
                assertThat(sortedStrings(mine.get("data").get("droppedTargets"))).as(q + " dropped")
                        .isEqualTo(sortedStrings(theirs.get("data").get("droppedTargets")));
            }
            for (String q : List.of("", "?metric=demo_temp_celsius", "?metric=nope", "?match_target=" + enc("{job=\"good\"}"),
                    "?match_target=" + enc("{}"), "?match_target=up", "?limit=0", "?limit=-1",
                    "?match_target=" + enc("{env=\"test\"}") + "&metric=demo_helponly")) {
                JsonNode theirs = JSON.readTree(get(prom.url(), "/api/v1/targets/metadata" + q).body());
                JsonNode mine = JSON.readTree(get(ours, "/api/v1/targets/metadata" + q).body());
                assertThat(sortedStrings(mine.get("data"))).as("metadata " + q).isEqualTo(sortedStrings(theirs.get("data")));
            }
            // The limit is checked per target; which target comes first is random in Prometheus.
            assertThat(JSON.readTree(get(ours, "/api/v1/targets/metadata?limit=1").body()).get("data").size())
                    .isEqualTo(JSON.readTree(get(prom.url(), "/api/v1/targets/metadata?limit=1").body()).get("data").size());
            for (String q : List.of("?limit=abc", "?limit=1.5", "?match_target=" + enc("bad{"), "?match_target=" + enc("sum(up)"),
                    "?match_target=" + enc("{job=~\"((\"}"), "?match_target=" + enc("up{} x"))) {
                HttpResponse<String> theirs = get(prom.url(), "/api/v1/targets/metadata" + q);
                HttpResponse<String> mine = get(ours, "/api/v1/targets/metadata" + q);
                assertThat(mine.statusCode()).as(q).isEqualTo(theirs.statusCode());
                assertThat(mine.body()).as(q).isEqualTo(theirs.body());
            }
            assertThat(get(ours, "/api/v1/scrape_pools").body()).isEqualTo(get(prom.url(), "/api/v1/scrape_pools").body());
        }
    }
}
