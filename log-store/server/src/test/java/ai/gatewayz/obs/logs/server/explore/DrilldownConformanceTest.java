package ai.gatewayz.obs.logs.server.explore;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.logs.patterns.PatternMiner;
import ai.gatewayz.obs.testkit.Golden;
import ai.gatewayz.obs.logs.server.LokiHttp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * Replays the calls Grafana's Logs Drilldown app makes (grafana-datasources.md §2.4,
 * drilldown-apps.md §1: RFC 3339 times, {@code X-Query-Tags}) on a known data set and compares each
 * answer byte for byte with a golden file; the same calls with nanosecond times must answer the same.
 * The server runs on disk storage (a fresh directory under target/) with a fixed clock, so the answers are deterministic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrilldownConformanceTest {
    static final String TENANT = "drilldown";
    static final Map<String, String> APP = Map.of("X-Query-Tags", "Source=grafana-lokiexplore-app", "X-Scope-OrgID", TENANT);
    static final String RANGE = "&start=2026-01-01T00:00:00.000Z&end=2026-01-01T01:00:00.000Z";
    static final String RANGE_NS = "&start=1767225600000000000&end=1767229200000000000";

    @TestConfiguration
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(DrilldownData.NOW, ZoneOffset.UTC);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    PatternMiner miner;

    LokiHttp http;

    @BeforeAll
    void load() throws InterruptedException {
        http = new LokiHttp(port);
        LokiHttp.Response r = http.postJson("/loki/api/v1/push", DrilldownData.push(), TENANT);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        miner.drain(); // mining runs behind ingest
    }

    static String enc(String s) {
        return LokiHttp.enc(s);
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("volume-services", "/loki/api/v1/index/volume?query=" + enc("{service_name=~\".+\"}") + "&limit=5000"),
                Arguments.of("volume-by-env", "/loki/api/v1/index/volume?query=" + enc("{service_name=\"api\", env=~\".+\"}")),
                Arguments.of("volume-target-labels", "/loki/api/v1/index/volume?query=" + enc("{env=\"prod\"}") + "&targetLabels=app"),
                Arguments.of("volume-none", "/loki/api/v1/index/volume?query=" + enc("{service_name=\"nope\"}")),
                Arguments.of("volume-range", "/loki/api/v1/index/volume_range?query=" + enc("{service_name=~\".+\"}") + "&step=600s"),
                Arguments.of("detected-labels", "/loki/api/v1/detected_labels?query="),
                Arguments.of("detected-labels-api", "/loki/api/v1/detected_labels?query=" + enc("{service_name=\"api\"}")),
                Arguments.of("detected-fields-api", "/loki/api/v1/detected_fields?query=" + enc("{service_name=\"api\"}")),
                Arguments.of("detected-fields-worker", "/loki/api/v1/detected_fields?query="
                        + enc("{service_name=\"worker\"} | json | logfmt | drop __error__, __error_details__") + "&limit=3"),
                Arguments.of("detected-fields-filtered", "/loki/api/v1/detected_fields?query="
                        + enc("{service_name=\"api\"} |= \"upstream\"")),
                Arguments.of("detected-field-values-status", "/loki/api/v1/detected_field/status/values?query="
                        + enc("{service_name=\"api\"}")),
                Arguments.of("detected-field-values-provider", "/loki/api/v1/detected_field/provider/values?query="
                        + enc("{service_name=\"api\"}") + "&limit=1"),
                Arguments.of("patterns-api", "/loki/api/v1/patterns?query=" + enc("{service_name=\"api\"}") + "&step=10m"),
                Arguments.of("patterns-worker", "/loki/api/v1/patterns?query=" + enc("{service_name=\"worker\"}") + "&step=30m"),
                Arguments.of("index-stats", "/loki/api/v1/index/stats?query=" + enc("{service_name=\"api\"}")),
                Arguments.of("landing-levels", "/loki/api/v1/query_range?query="
                        + enc("sum by (detected_level) (count_over_time({service_name=\"api\"}[10m]))") + "&step=600000ms"),
                Arguments.of("explore-volume", "/loki/api/v1/query_range?query="
                        + enc("sum by (level, detected_level) (count_over_time({service_name=\"worker\"} | json | drop __error__[30m]))")
                        + "&step=1800000ms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void answersAsGolden(String name, String call) {
        LokiHttp.Response r = http.get(call + RANGE, APP);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo(Golden.read("drilldown/" + name + ".json", r.body()));
        LokiHttp.Response ns = http.get(call + RANGE_NS, APP);
        assertThat(ns.body()).as("nanosecond times answer as RFC 3339 ones").isEqualTo(r.body());
    }

    @Test
    void patternsTakeEveryKindOfStreamMatcher() {
        LokiHttp.Response eq = http.get("/loki/api/v1/patterns?query=" + enc("{service_name=\"api\"}") + "&step=10m" + RANGE, APP);
        LokiHttp.Response re = http.get("/loki/api/v1/patterns?query=" + enc("{service_name=~\"ap.\", service_name!=\"worker\", env!~\"x\"}")
                + "&step=10m" + RANGE, APP);
        assertThat(re.status()).isEqualTo(200);
        assertThat(re.body()).isEqualTo(eq.body()).contains("\"pattern\"");
    }

    @Test
    void detectedLabelsLeaveOutLabelsWhoseValuesAreAllIdsAsLokiDoes() {
        StringBuilder body = new StringBuilder("{\"streams\":[");
        String[][] streams = {
            {"api", "311", "1", "7", "0b7c1f0e-7e3a-4f7e-9d3c-2a4f1c9e8b11"},
            {"api", "4012", "0", "8", "6f9619ff-8b86-d011-b42d-00cf4fc964ff"},
            {"worker", "77", "1", "7", "1a2b3c4d-0000-4000-8000-000000000001"}};
        for (int i = 0; i < streams.length; i++) {
            String[] v = streams[i];
            body.append(i == 0 ? "" : ",").append("{\"stream\":{\"app\":\"").append(v[0]).append("\",\"pid\":\"").append(v[1])
                    .append("\",\"canary\":\"").append(v[2]).append("\",\"namespace\":\"").append(v[3]).append("\",\"request_id\":\"")
                    .append(v[4]).append("\"},\"values\":[[\"").append(1767225600000000000L + (i + 1) * 60_000_000_000L).append("\",\"line ")
                    .append(i).append("\"]]}");
        }
        body.append("]}");
        Map<String, String> ids = Map.of("X-Query-Tags", "Source=grafana-lokiexplore-app", "X-Scope-OrgID", "ids");
        assertThat(http.postJson("/loki/api/v1/push", body.toString(), "ids").status()).isEqualTo(204);
        LokiHttp.Response r = http.get("/loki/api/v1/detected_labels?query=" + RANGE, ids);
        assertThat(r.status()).isEqualTo(200);
        // pid (numbers) and request_id (UUIDs) are ids; canary (0/1) is a flag; namespace is static, kept with numbers
        assertThat(r.body()).isEqualTo("{\"detectedLabels\":[{\"label\":\"app\",\"cardinality\":2},{\"label\":\"canary\",\"cardinality\":2},"
                + "{\"label\":\"namespace\",\"cardinality\":2},{\"label\":\"service_name\",\"cardinality\":2}]}");
    }

    @Test
    void limitsSayWhatTheAppReads() {
        LokiHttp.Response r = http.get("/loki/api/v1/drilldown-limits", Map.of("X-Grafana-Cache", "private, max-age=86400"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Golden.read("drilldown/drilldown-limits.json", r.body()));
    }

    static Stream<Arguments> badCalls() {
        return Stream.of(
                Arguments.of("/loki/api/v1/detected_fields?start=1&end=2", 400, "query parameter is required [param=query]"),
                Arguments.of("/loki/api/v1/detected_fields?query=" + enc("sum(rate({a=\"b\"}[1m]))"), 400,
                        "only log queries are supported here [query=sum(rate({a=\"b\"}[1m]))]"),
                Arguments.of("/loki/api/v1/index/volume?query=" + enc("{a=\"b\"}") + "&start=20&end=10", 400,
                        "end timestamp must not be before start time [start=20, end=10]"),
                Arguments.of("/loki/api/v1/patterns?query=" + enc("{a=\"b\"}") + "&limit=-1", 400,
                        "limit must be a positive integer [limit=-1]"),
                Arguments.of("/loki/api/v1/detected_labels?start=yesterday", 400,
                        "invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp"),
                Arguments.of("/loki/api/v1/patterns?query=" + enc("{a=\"b\"}") + "&step=soon", 400,
                        "invalid parameter \"step\": cannot parse \"soon\" to a valid duration"),
                // Loki's pattern querier takes a stream selector only (syntax.ParseMatchers)
                Arguments.of("/loki/api/v1/patterns?query=" + enc("{service_name=\"api\"} |= \"error\""), 400,
                        "only label matchers are supported [query={service_name=\"api\"} |= \"error\"]"),
                Arguments.of("/loki/api/v1/patterns?query=" + enc("{service_name=\"api\"} | logfmt | status=\"500\""), 400,
                        "only label matchers are supported [query={service_name=\"api\"} | logfmt | status=\"500\"]"),
                Arguments.of("/loki/api/v1/patterns?query=" + enc("{service_name=\"api\"} | detected_level=\"error\""), 400,
                        "only label matchers are supported [query={service_name=\"api\"} | detected_level=\"error\"]"),
                Arguments.of("/loki/api/v1/patterns?query=" + enc("count_over_time({service_name=\"api\"}[5m])"), 400,
                        "only label matchers are supported [query=count_over_time({service_name=\"api\"}[5m])]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void badInputIsA4xxNamingTheValue(String call, int status, String message) {
        LokiHttp.Response r = http.get(call, APP);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.body().strip()).isEqualTo(message);
    }
}
