package ai.gatewayz.obs.logs.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Golden;
import ai.gatewayz.obs.logs.server.LokiHttp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays the log-store checklist of contracts/grafana-datasources.md §2.6 (items 1–11 and 14;
 * 12 and 13, Drilldown and tail, belong to their own tests) the way stock Grafana's Loki
 * datasource sends it, against the server on its on-disk storage (a fresh data directory under
 * target/). One test per item.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaLokiConformanceTest {
    private static final String TENANT = "grafana";
    private static final String CATEGORIZE = "X-Loki-Response-Encoding-Flags";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    LokiHttp http;
    long base;

    @BeforeAll
    void seed() {
        http = new LokiHttp(port);
        base = (System.currentTimeMillis() / 60_000 - 10) * 60_000 * 1_000_000L; // ten minutes ago, on a minute
        String body = "{\"streams\":["
                + "{\"stream\":{\"app\":\"api\",\"level\":\"info\"},\"values\":["
                + "[\"" + (base + 1_000_000_000L) + "\",\"GET /orders 200\",{\"trace_id\":\"4bf92f35\"}],"
                + "[\"" + (base + 2_000_000_000L) + "\",\"GET /health 200\"],"
                + "[\"" + (base + 3_000_000_000L) + "\",\"{\\\"status\\\":500,\\\"msg\\\":\\\"boom\\\"}\"]]},"
                + "{\"stream\":{\"app\":\"db\",\"level\":\"error\"},\"values\":["
                + "[\"" + (base + 1_500_000_000L) + "\",\"slow query ms=900\"]]}]}";
        LokiHttp.Response r = http.postJson("/loki/api/v1/push", body, TENANT);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    private LokiHttp.Response get(String pathAndQuery, boolean categorize) {
        Map<String, String> h = new HashMap<>();
        h.put("X-Scope-OrgID", TENANT);
        if (categorize) {
            h.put(CATEGORIZE, "categorize-labels");
        }
        return http.get(pathAndQuery, h);
    }

    private static JsonNode json(LokiHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private String range(String query, String extra) {
        return "/loki/api/v1/query_range?query=" + LokiHttp.enc(query) + "&start=" + base + "&end=" + (base + 60_000_000_000L)
                + extra;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.propertyNames().forEach(out::add);
        return out;
    }

    @Test
    void item01SaveAndTestIsTwoAtFourSeconds() {
        LokiHttp.Response r = get("/loki/api/v1/query?query=vector(1)%2Bvector(1)&time=4000000000&direction=backward", false);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Golden.read("query-api/vector-health.json", r.body()));
    }

    @Test
    void item02SaveAndTestWithCategorizeLabelsIsIdentical() {
        String q = "/loki/api/v1/query?query=vector(1)%2Bvector(1)&time=4000000000&direction=backward";
        LokiHttp.Response plain = get(q, false);
        LokiHttp.Response categorized = get(q, true);
        assertThat(categorized.status()).isEqualTo(200);
        assertThat(categorized.body()).isEqualTo(plain.body()).doesNotContain("encodingFlags");
    }

    @Test
    void item03StepInMillisecondsAndInSecondsAreAccepted() {
        String q = "sum(count_over_time({app=\"api\"}[1m]))";
        LokiHttp.Response ms = get(range(q, "&step=60000ms"), true);
        LokiHttp.Response s = get(range(q, "&step=60"), true);
        assertThat(json(ms).path("data").path("resultType").asString()).isEqualTo("matrix");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.body()).isEqualTo(ms.body());
    }

    @Test
    void item04LogQueriesAreStreamsWithinLimitInDirection() {
        for (String dir : List.of("forward", "backward")) {
            JsonNode d = json(get(range("{app=~\"api|db\"}", "&step=60000ms&limit=3&direction=" + dir), false)).path("data");
            assertThat(d.path("resultType").asString()).isEqualTo("streams");
            int total = 0;
            List<Long> all = new ArrayList<>();
            for (JsonNode stream : d.path("result")) {
                long prev = dir.equals("forward") ? Long.MIN_VALUE : Long.MAX_VALUE;
                for (JsonNode v : stream.path("values")) {
                    assertThat(v.size()).isEqualTo(2);
                    assertThat(v.get(0).isString()).isTrue();
                    assertThat(v.get(1).isString()).isTrue();
                    long t = Long.parseLong(v.get(0).asString());
                    assertThat(dir.equals("forward") ? t > prev : t < prev).as("%s order", dir).isTrue();
                    prev = t;
                    all.add(t);
                    total++;
                }
            }
            assertThat(total).isEqualTo(3);
            // The limit keeps the first entries in the direction: forward the oldest three, backward the newest three.
            long expectedExcluded = dir.equals("forward") ? base + 3_000_000_000L : base + 1_000_000_000L;
            assertThat(all).doesNotContain(expectedExcluded);
        }
    }

    @Test
    void item05CategorizedStreamsCarryFlagsFirstAndThreeElementValues() {
        LokiHttp.Response r = get(range("{app=\"api\"}", "&step=60000ms&limit=100&direction=backward"), true);
        JsonNode d = json(r).path("data");
        assertThat(fieldNames(d)).containsSubsequence("resultType", "encodingFlags", "result");
        assertThat(d.path("encodingFlags").toString()).isEqualTo("[\"categorize-labels\"]");
        boolean sawMetadata = false;
        for (JsonNode stream : d.path("result")) {
            assertThat(fieldNames(stream)).containsExactly("stream", "values");
            assertThat(fieldNames(stream.path("stream"))).doesNotContain("trace_id", "detected_level");
            for (JsonNode v : stream.path("values")) {
                assertThat(v.size()).isEqualTo(3);
                assertThat(v.get(2).isObject()).isTrue();
                assertThat(fieldNames(v.get(2))).isSubsetOf("structuredMetadata", "parsed");
                if (v.get(1).asString().equals("GET /orders 200")) {
                    assertThat(v.get(2).path("structuredMetadata").path("trace_id").asString()).isEqualTo("4bf92f35");
                    sawMetadata = true;
                }
            }
        }
        assertThat(sawMetadata).isTrue();
    }

    @Test
    void item06WithoutTheHeaderValuesHaveTwoElementsAndMetadataIsInStream() {
        JsonNode d = json(get(range("{app=\"api\"}", "&step=60000ms&limit=100"), false)).path("data");
        assertThat(d.has("encodingFlags")).isFalse();
        boolean sawMetadata = false;
        for (JsonNode stream : d.path("result")) {
            for (JsonNode v : stream.path("values")) {
                assertThat(v.size()).isEqualTo(2);
            }
            if (stream.path("stream").path("trace_id").asString().equals("4bf92f35")) {
                sawMetadata = true;
                assertThat(stream.path("values").size()).isEqualTo(1);
            }
        }
        assertThat(sawMetadata).isTrue();
    }

    @Test
    void item07VolumeQueryIsAMatrixOfSecondsAndStrings() {
        JsonNode d = json(get(range("sum by (level, detected_level) (count_over_time({app=\"api\"} | drop __error__[1m]))",
                "&step=60000ms"), true)).path("data");
        assertThat(d.path("resultType").asString()).isEqualTo("matrix");
        assertThat(d.has("encodingFlags")).isFalse();
        assertThat(d.path("result").size()).isGreaterThan(0);
        long total = 0;
        for (JsonNode series : d.path("result")) {
            assertThat(fieldNames(series)).containsExactly("metric", "values");
            assertThat(series.path("metric").path("level").asString()).isEqualTo("info");
            for (JsonNode p : series.path("values")) {
                assertThat(p.get(0).isNumber()).isTrue();
                assertThat(p.get(1).isString()).isTrue();
            }
        }
        for (JsonNode series : d.path("result")) {
            JsonNode last = series.path("values").get(series.path("values").size() - 1);
            total += Long.parseLong(last.get(1).asString());
        }
        assertThat(total).as("entries in the last minute window").isGreaterThan(0);
    }

    @Test
    void item08ParseErrorIs400WithAMessage() {
        LokiHttp.Response r = get(range("{app=\"api\"", "&step=60000ms"), true);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("parse error at line 1, col 11: syntax error: unexpected $end, expecting CLOSE_BRACE or COMMA\n");
    }

    @Test
    void item09LabelsLabelValuesAndSeriesAreWrapped() {
        String t = "&start=" + base + "&end=" + (base + 60_000_000_000L);
        JsonNode labels = json(get("/loki/api/v1/labels?" + t.substring(1), false));
        assertThat(labels.path("status").asString()).isEqualTo("success");
        assertThat(labels.path("data").toString()).isEqualTo("[\"app\",\"level\",\"service_name\"]");

        JsonNode values = json(get("/loki/api/v1/label/app/values?" + t.substring(1), false));
        assertThat(values.path("data").toString()).isEqualTo("[\"api\",\"db\"]");
        JsonNode filtered = json(get("/loki/api/v1/label/app/values?query=" + LokiHttp.enc("{level=\"error\"}") + t, false));
        assertThat(filtered.path("status").asString()).isEqualTo("success");
        assertThat(filtered.path("data").toString()).isEqualTo("[\"db\"]");

        JsonNode series = json(get("/loki/api/v1/series?match[]=" + LokiHttp.enc("{app=\"api\"}") + t, false));
        assertThat(series.path("status").asString()).isEqualTo("success");
        assertThat(series.path("data").toString()).isEqualTo("[{\"app\":\"api\",\"level\":\"info\",\"service_name\":\"api\"}]");
    }

    @Test
    void item10StreamShardValuesAreEmpty() {
        LokiHttp.Response r = get("/loki/api/v1/label/__stream_shard__/values?query=" + LokiHttp.enc("{app=\"api\"}")
                + "&start=" + base + "&end=" + (base + 60_000_000_000L), false);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }

    @Test
    void item11IndexStatsAreTopLevelIntegers() {
        JsonNode s = json(get("/loki/api/v1/index/stats?query=" + LokiHttp.enc("{app=\"api\"}") + "&start=" + base + "&end="
                + (base + 60_000_000_000L), false));
        assertThat(fieldNames(s)).containsExactlyInAnyOrder("streams", "chunks", "bytes", "entries");
        assertThat(s.path("streams").isIntegralNumber()).isTrue();
        assertThat(s.path("streams").asLong()).isEqualTo(1);
        assertThat(s.path("entries").asLong()).isEqualTo(3);
        assertThat(s.path("chunks").isIntegralNumber()).isTrue();
        assertThat(s.path("bytes").asLong()).isGreaterThan(0);
    }

    @Test
    void item14NanosecondTimesBefore1971AreEvaluated() {
        JsonNode d = json(get("/loki/api/v1/query_range?query=" + LokiHttp.enc("vector(1)+vector(1)")
                + "&start=1000000000&end=4000000000&step=1000ms", true)).path("data");
        assertThat(d.path("resultType").asString()).isEqualTo("matrix");
        assertThat(d.path("result").get(0).path("values").toString()).isEqualTo("[[1,\"2\"],[2,\"2\"],[3,\"2\"],[4,\"2\"]]");
        // Today's ns times as Grafana sends them (19 digits); a start at 0 would exceed the 721h query length limit.
        JsonNode logs = json(get("/loki/api/v1/query_range?query=" + LokiHttp.enc("{app=\"api\"}") + "&start="
                + (base - 3_600_000_000_000L) + "&end=" + (base + 60_000_000_000L) + "&limit=10", true)).path("data");
        int entries = 0;
        for (JsonNode stream : logs.path("result")) {
            assertThat(stream.path("stream").toString()).isEqualTo("{\"app\":\"api\",\"level\":\"info\",\"service_name\":\"api\"}");
            entries += stream.path("values").size();
        }
        assertThat(entries).isEqualTo(3);
    }
}
