package ai.gatewayz.obs.traces.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Replays checklist 3.8 (items 1-13) of contracts/grafana-datasources.md against trace-store
 * holding the traceql-oteldb data set (ingested as OTLP/JSON over HTTP), asserting statuses,
 * content types and the JSON typing Grafana's Go decoder enforces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaTempoConformanceTest {
    static final String TRACE = "079b1cf6b5bfa78be0d6d205ffe94565";
    static final String WINDOW = "&start=1686121990&end=1686122100";

    // The data directory is a fresh one under target/ (test application.properties).
    @LocalServerPort
    int port;

    TraceApiClient api;

    @BeforeAll
    void load() throws Exception {
        api = new TraceApiClient(port);
        for (String line : Files.readAllLines(Peers.corpus("traceql-oteldb").resolve("traces.json"))) {
            if (!line.isBlank()) {
                var r = api.post("/v1/traces", line.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{}");
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonObject json(TraceApiClient.Response r) {
        assertThat(r.contentType()).startsWith("application/json");
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void item01EchoIsPlainText() {
        var r = api.get("/api/echo");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("echo");
    }

    @Test
    void item02V2IsTheEnvelopeAroundTracesData() throws Exception {
        var r = api.get("/api/v2/traces/" + TRACE, "Accept", "application/protobuf");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/protobuf");
        TracesData d = OtlpExporterRoundTripTest.unwrap(r.bytes());
        assertThat(d.getResourceSpansList().stream().mapToInt(rs -> rs.getScopeSpansList().stream().mapToInt(s -> s.getSpansCount()).sum())
                .sum()).isEqualTo(7);
    }

    @Test
    void item03V1IsBareTracesData() throws Exception {
        var r = api.get("/api/traces/" + TRACE, "Accept", "application/protobuf");
        assertThat(r.status()).isEqualTo(200);
        TracesData d = TracesData.parseFrom(r.bytes());
        assertThat(d.getResourceSpansCount()).isGreaterThan(0);
        assertThat(d).isEqualTo(OtlpExporterRoundTripTest.unwrap(api.get("/api/v2/traces/" + TRACE, "Accept", "application/protobuf").bytes()));
    }

    @Test
    void item04UnknownIdIs404OnBothVersions() {
        assertThat(api.get("/api/v2/traces/0123456789abcdef0123456789abcdef", "Accept", "application/protobuf").status()).isEqualTo(404);
        assertThat(api.get("/api/traces/0123456789abcdef0123456789abcdef", "Accept", "application/protobuf").status()).isEqualTo(404);
        assertThat(api.get("/api/traces/not-hex", "Accept", "application/protobuf").status()).isEqualTo(400);
    }

    @Test
    void item05StartAndEndInUnixSeconds() {
        assertThat(api.get("/api/v2/traces/" + TRACE + "?start=1686121990&end=1686122100", "Accept", "application/protobuf").status())
                .isEqualTo(200);
        assertThat(api.get("/api/traces/" + TRACE + "?start=1686121990&end=1686122100", "Accept", "application/protobuf").status())
                .isEqualTo(200);
        assertThat(api.get("/api/traces/" + TRACE + "?start=1700000000&end=1700000100", "Accept", "application/protobuf").status())
                .as("outside the range").isEqualTo(404);
        assertThat(api.get("/api/traces/" + TRACE + "?start=abc", "Accept", "application/protobuf").status()).isEqualTo(400);
    }

    @Test
    void item06ShortIdsAreLeftPadded() throws Exception {
        // trace ids starting with zeros are rare in the corpus: store one
        String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"000000000000000000000000000ABCDE\","
                + "\"spanId\":\"00000000000000AA\",\"name\":\"short\",\"kind\":2,\"startTimeUnixNano\":\"1686122000000000000\","
                + "\"endTimeUnixNano\":\"1686122000100000000\"}]}]}]}";
        assertThat(api.post("/v1/traces", body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json").status()).isEqualTo(200);
        assertThat(api.get("/api/v2/traces/abcde", "Accept", "application/protobuf").status()).isEqualTo(200);
        assertThat(api.get("/api/traces/ABCDE", "Accept", "application/protobuf").status()).isEqualTo(200);
    }

    @Test
    void item07SearchJsonIsTypedForTheGoDecoder() {
        var r = api.get("/api/search?q=" + enc("{}") + "&limit=20&spss=3" + WINDOW, "Accept", "application/json");
        assertThat(r.status()).isEqualTo(200);
        JsonObject body = json(r);
        List<JsonElement> traces = body.getAsJsonArray("traces").asList();
        assertThat(traces).hasSize(20);
        for (JsonElement e : traces) {
            JsonObject t = e.getAsJsonObject();
            assertThat(t.get("traceID").getAsString()).hasSize(32);
            assertThat(t.get("startTimeUnixNano").getAsJsonPrimitive().isString()).isTrue();
            assertThat(t.get("durationMs").getAsJsonPrimitive().isNumber()).isTrue();
            assertThat(t.get("rootServiceName").getAsString()).isNotEmpty();
            JsonObject set = t.getAsJsonArray("spanSets").get(0).getAsJsonObject();
            assertThat(set.get("matched").getAsJsonPrimitive().isNumber()).isTrue();
            assertThat(set.getAsJsonArray("spans").size()).isLessThanOrEqualTo(3);
            JsonObject span = set.getAsJsonArray("spans").get(0).getAsJsonObject();
            assertThat(span.get("spanID").getAsString()).hasSize(16);
            assertThat(span.get("startTimeUnixNano").getAsJsonPrimitive().isString()).isTrue();
            assertThat(span.get("durationNanos").getAsJsonPrimitive().isString()).isTrue();
        }
        JsonObject attrSearch = json(api.get("/api/search?q=" + enc("{ span.http.status_code = 200 }") + "&limit=1&spss=1" + WINDOW));
        JsonObject attr = attrSearch.getAsJsonArray("traces").get(0).getAsJsonObject().getAsJsonArray("spanSets").get(0)
                .getAsJsonObject().getAsJsonArray("spans").get(0).getAsJsonObject().getAsJsonArray("attributes").get(0).getAsJsonObject();
        assertThat(attr.get("key").getAsString()).isEqualTo("http.status_code");
        assertThat(attr.getAsJsonObject("value").get("intValue").getAsJsonPrimitive().isString()).isTrue();
        JsonObject legacy = json(api.get("/api/search?tags=" + enc("http.method=POST http.status_code=200") + "&minDuration=1ms" + WINDOW));
        assertThat(legacy.getAsJsonArray("traces").size()).isEqualTo(4);
    }

    @Test
    void item08InvalidTraceqlIs400WithAReadableMessage() {
        var r = api.get("/api/search?q=" + enc("{ .a = }") + WINDOW);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("parse error at line 1, col 8: syntax error: unexpected");
        var t = api.get("/api/search?q=" + enc("{ name > nil }") + WINDOW);
        assertThat(t.status()).isEqualTo(400);
        assertThat(api.get("/api/search?q=" + enc("{}") + "&limit=x").status()).isEqualTo(400);
    }

    @Test
    void item09ScopedTagsIncludeIntrinsic() {
        JsonObject all = json(api.get("/api/v2/search/tags"));
        List<String> names = new ArrayList<>();
        all.getAsJsonArray("scopes").forEach(s -> names.add(s.getAsJsonObject().get("name").getAsString()));
        assertThat(names).contains("resource", "span", "intrinsic");
        JsonObject span = json(api.get("/api/v2/search/tags?scope=span" + WINDOW));
        assertThat(span.getAsJsonArray("scopes").size()).isEqualTo(1);
        assertThat(span.getAsJsonArray("scopes").get(0).getAsJsonObject().getAsJsonArray("tags").toString()).contains("\"http.method\"");
        assertThat(api.get("/api/v2/search/tags?scope=bogus").status()).isEqualTo(400);
    }

    @Test
    void item10TagValuesAreTypedAndMalformedQIsIgnored() {
        JsonObject v = json(api.get("/api/v2/search/tag/resource.service.name/values"));
        List<String> values = new ArrayList<>();
        v.getAsJsonArray("tagValues").forEach(e -> {
            assertThat(e.getAsJsonObject().get("type").getAsString()).isEqualTo("string");
            values.add(e.getAsJsonObject().get("value").getAsString());
        });
        assertThat(values).contains("shop-backend", "auth-service", "postgres");
        var frag = api.get("/api/v2/search/tag/resource.service.name/values?q=" + enc("{ .cluster = }"));
        assertThat(frag.status()).isEqualTo(200);
        JsonObject filtered = json(api.get("/api/v2/search/tag/resource.service.name/values?q=" + enc("{ name = \"authenticate\" }")));
        // spans named "authenticate" exist in the auth service and as the backend's client spans, nowhere else
        assertThat(filtered.getAsJsonArray("tagValues").toString())
                .isEqualTo("[{\"type\":\"string\",\"value\":\"auth-service\"},{\"type\":\"string\",\"value\":\"shop-backend\"}]");
        JsonObject status = json(api.get("/api/v2/search/tag/status/values"));
        assertThat(status.getAsJsonArray("tagValues").toString()).contains("{\"type\":\"keyword\",\"value\":\"error\"}");
        JsonObject codes = json(api.get("/api/v2/search/tag/span.http.status_code/values"));
        assertThat(codes.getAsJsonArray("tagValues").toString()).contains("{\"type\":\"int\",\"value\":\"200\"}");
    }

    @Test
    void item11V1TagEndpoints() {
        JsonObject tags = json(api.get("/api/search/tags"));
        assertThat(tags.getAsJsonArray("tagNames").toString()).contains("\"service.name\"", "\"http.method\"");
        JsonObject values = json(api.get("/api/search/tag/service.name/values"));
        assertThat(values.getAsJsonArray("tagValues").toString()).contains("\"shop-backend\"");
    }

    @Test
    void item12BuildinfoIsFlatWithSemver() {
        JsonObject b = json(api.get("/api/status/buildinfo"));
        assertThat(b.get("version").getAsString()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(b.has("status")).isFalse();
    }

    @Test
    void readyAndUnbuiltPaths() {
        assertThat(api.get("/ready").status()).isEqualTo(200);
        assertThat(api.get("/-/ready").status()).isEqualTo(200);
        assertThat(api.get("/api/overrides").status()).isEqualTo(501);
    }

    // ---- item 13: TraceQL metrics (§3.7)

    private JsonObject metrics(String path, String q, String params) {
        var r = api.get(path + "?q=" + enc(q) + params);
        assertThat(r.status()).as(q + " -> " + r.body()).isEqualTo(200);
        return json(r);
    }

    private static double sum(JsonObject series) {
        double s = 0;
        for (JsonElement p : series.getAsJsonArray("samples")) {
            assertThat(p.getAsJsonObject().get("timestampMs").getAsJsonPrimitive().isString()).isTrue();
            s += p.getAsJsonObject().get("value").getAsDouble();
        }
        return s;
    }

    @Test
    void item13RangeQueryCountsEverySpanWithLabelsSamplesAndExemplars() {
        JsonObject r = metrics("/api/metrics/query_range", "{} | count_over_time()", WINDOW + "&step=200s");
        assertThat(r.getAsJsonArray("series")).hasSize(1);
        JsonObject s = r.getAsJsonArray("series").get(0).getAsJsonObject();
        assertThat(s.getAsJsonArray("labels")).isEmpty();
        assertThat(s.get("promLabels").getAsString()).isEqualTo("{}");
        assertThat(sum(s)).as("the 156 spans of traces.json").isEqualTo(156);
        JsonObject ex = s.getAsJsonArray("exemplars").get(0).getAsJsonObject();
        JsonObject label = ex.getAsJsonArray("labels").get(0).getAsJsonObject();
        assertThat(label.get("key").getAsString()).isEqualTo("trace:id");
        assertThat(label.getAsJsonObject("value").get("stringValue").getAsString()).matches("[0-9a-f]{32}");
        assertThat(ex.get("timestampMs").getAsJsonPrimitive().isString()).isTrue();
        assertThat(r.getAsJsonObject("metrics").get("inspectedSpans").getAsString()).isEqualTo("156");
    }

    @Test
    void item13RateByServiceAsDrilldownsRedPanelsAskIt() {
        JsonObject r = metrics("/api/metrics/query_range", "{ nestedSetParent < 0 } | rate() by (resource.service.name)", WINDOW + "&step=30s");
        List<String> services = new ArrayList<>();
        double roots = 0;
        for (JsonElement e : r.getAsJsonArray("series")) {
            JsonObject s = e.getAsJsonObject();
            JsonObject l = s.getAsJsonArray("labels").get(0).getAsJsonObject();
            assertThat(l.get("key").getAsString()).isEqualTo("resource.service.name");
            services.add(l.getAsJsonObject("value").get("stringValue").getAsString());
            roots += sum(s) * 30;
        }
        assertThat(services).containsExactlyInAnyOrder("shop-backend");
        assertThat(roots).as("one root per trace").isCloseTo(23, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void item13QuantilesHistogramsAndCompareCarryTheirLabels() {
        JsonObject q = metrics("/api/metrics/query_range", "{} | quantile_over_time(duration, 0.5, 0.9)", WINDOW + "&step=60s");
        List<Double> ps = new ArrayList<>();
        q.getAsJsonArray("series").forEach(e -> {
            JsonObject l = e.getAsJsonObject().getAsJsonArray("labels").get(0).getAsJsonObject();
            assertThat(l.get("key").getAsString()).isEqualTo("p");
            ps.add(l.getAsJsonObject("value").get("doubleValue").getAsDouble());
        });
        assertThat(ps).containsExactly(0.5, 0.9);
        JsonObject h = metrics("/api/metrics/query_range", "{} | histogram_over_time(duration) with(sample=true)", WINDOW + "&step=60s");
        double spans = 0;
        for (JsonElement e : h.getAsJsonArray("series")) {
            JsonObject l = e.getAsJsonObject().getAsJsonArray("labels").get(0).getAsJsonObject();
            assertThat(l.get("key").getAsString()).isEqualTo("__bucket");
            assertThat(l.getAsJsonObject("value").get("doubleValue").getAsDouble()).isPositive();
            spans += sum(e.getAsJsonObject());
        }
        assertThat(spans).isEqualTo(156);
        JsonObject c = metrics("/api/metrics/query_range", "{} | compare({ status = error }, 10, 1686121990000000000, 1686122100000000000)",
                WINDOW + "&step=60s");
        List<String> types = new ArrayList<>();
        c.getAsJsonArray("series").forEach(e -> {
            JsonObject l = e.getAsJsonObject().getAsJsonArray("labels").get(0).getAsJsonObject();
            assertThat(l.get("key").getAsString()).isEqualTo("__meta_type");
            types.add(l.getAsJsonObject("value").get("stringValue").getAsString());
        });
        assertThat(types).contains("baseline", "selection", "baseline_total", "selection_total");
    }

    @Test
    void item13InstantAnswersOnlyLabelsAndValue() {
        JsonObject r = metrics("/api/metrics/query", "{} | count_over_time() by (status)", WINDOW);
        assertThat(r.keySet()).containsExactly("series", "metrics");
        double total = 0;
        for (JsonElement e : r.getAsJsonArray("series")) {
            assertThat(e.getAsJsonObject().keySet()).containsExactly("labels", "value");
            total += e.getAsJsonObject().get("value").getAsDouble();
        }
        assertThat(total).isEqualTo(156);
        assertThat(r.getAsJsonObject("metrics").keySet()).containsExactly("inspectedTraces", "inspectedSpans", "totalJobs", "completedJobs");
    }

    @Test
    void item13DrilldownProbeAndAnyStepSucceed() {
        assertThat(api.get("/api/metrics/query_range?q=" + enc("{} | rate()")).status()).as("the probe, no range").isEqualTo(200);
        for (String step : new String[] {"30s", "120s", "1m30s", "30", "0.5", "250ms"}) {
            assertThat(api.get("/api/metrics/query_range?q=" + enc("{} | rate()") + WINDOW + "&step=" + step).status()).as(step).isEqualTo(200);
        }
    }

    record BadMetrics(String name, String query, String params, String message) {
    }

    @Test
    void item13UnsupportedOrMalformedIs400WithReadableText() {
        List<BadMetrics> cases = List.of(
                new BadMetrics("two functions", "{} | rate() | rate()", WINDOW, "parse error at line 1, col 13: syntax error: unexpected PIPE |"),
                new BadMetrics("search query", "{ status = error }", WINDOW, "invalid TraceQL query: not a metrics query"),
                new BadMetrics("argument to rate", "{} | rate(duration)", WINDOW, "rate() takes no argument"),
                new BadMetrics("bad step", "{} | rate()", WINDOW + "&step=fast", "invalid step [step=fast"),
                new BadMetrics("zero step", "{} | rate()", WINDOW + "&step=0s", "invalid step [step=0s, reason=step must be positive]"),
                new BadMetrics("too many points", "{} | rate()", "&start=1000000000&end=1686122100&step=1s", "too many intervals"),
                new BadMetrics("end before start", "{} | rate()", "&start=1686122100&end=1686121990", "invalid end"),
                new BadMetrics("no query", "", WINDOW, "invalid q"));
        for (BadMetrics c : cases) {
            var r = api.get("/api/metrics/query_range?q=" + enc(c.query()) + c.params());
            assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(c.name()).contains(c.message());
        }
    }

    /** Random sequences of TraceQL-metrics tokens and random bytes: every answer is 200 or 400, never 5xx. */
    @Test
    void item13FuzzedMetricsQueriesNeverGive5xx() {
        String[] toks = {"{", "}", "|", "rate()", "count_over_time()", "quantile_over_time(", "histogram_over_time(", "avg_over_time(",
            "compare(", "duration", "span.http.status_code", ".x", "0.9", "-1", "10", "100ms", ")", "(", "by", "name", ",", "topk(", "bottomk(",
            ">", "<=", "=~", "*", "/", "+", "%", "&&", "||", ">>", "status = error", "with(sample=true)", "nil", "\"a\"", "1686121990000000000"};
        java.util.Random rnd = new java.util.Random(16);
        int ok = 0;
        for (int i = 0; i < 400; i++) {
            StringBuilder q = new StringBuilder();
            if (i % 4 == 0) {
                byte[] junk = new byte[rnd.nextInt(40)];
                rnd.nextBytes(junk);
                q.append(new String(junk, StandardCharsets.ISO_8859_1));
            } else {
                q.append("{} | ");
                for (int k = rnd.nextInt(8); k >= 0; k--) {
                    q.append(toks[rnd.nextInt(toks.length)]).append(' ');
                }
            }
            String path = i % 2 == 0 ? "/api/metrics/query_range" : "/api/metrics/query";
            var r = api.get(path + "?q=" + enc(q.toString()) + WINDOW + "&step=20s");
            assertThat(r.status()).as("metrics fuzz case %d: %s -> %s", i, q, r.body()).isIn(200, 400);
            ok += r.status() == 200 ? 1 : 0;
        }
        assertThat(ok).as("some fuzzed queries are valid and answered").isPositive();
    }

    /** Golden answers on a tenant of two spans: the exact bytes of a range and an instant response. */
    @Test
    void item13GoldenRangeAndInstantBodies() {
        String body = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc\"}}]},"
                + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"000000000000000000000000000000A1\",\"spanId\":\"0000000000000001\",\"name\":\"a\","
                + "\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":\"1700000001000000000\"},"
                + "{\"traceId\":\"000000000000000000000000000000A1\",\"spanId\":\"0000000000000002\",\"parentSpanId\":\"0000000000000001\","
                + "\"name\":\"b\",\"kind\":3,\"startTimeUnixNano\":\"1700000005000000000\",\"endTimeUnixNano\":\"1700000005500000000\"}]}]}]}";
        assertThat(api.post("/v1/traces", body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json", "X-Scope-OrgID", "m13")
                .status()).isEqualTo(200);
        var range = api.get("/api/metrics/query_range?q=" + enc("{} | count_over_time() by (resource.service.name)")
                + "&start=1700000000&end=1700000020&step=10s&exemplars=1", "X-Scope-OrgID", "m13");
        assertThat(range.contentType()).startsWith("application/json");
        assertThat(range.body()).isEqualTo("{\"series\":[{\"labels\":[{\"key\":\"resource.service.name\",\"value\":{\"stringValue\":\"svc\"}}],"
                + "\"promLabels\":\"{resource.service.name=\\\"svc\\\"}\","
                + "\"samples\":[{\"timestampMs\":\"1700000000000\",\"value\":2.0},{\"timestampMs\":\"1700000010000\",\"value\":0.0}],"
                + "\"exemplars\":[{\"labels\":[{\"key\":\"trace:id\",\"value\":{\"stringValue\":\"000000000000000000000000000000a1\"}},"
                + "{\"key\":\"span:id\",\"value\":{\"stringValue\":\"0000000000000001\"}}],\"value\":2.0,\"timestampMs\":\"1700000000000\"}]}],"
                + "\"metrics\":{\"inspectedTraces\":1,\"inspectedSpans\":\"2\",\"totalJobs\":1,\"completedJobs\":1}}");
        var instant = api.get("/api/metrics/query?q=" + enc("{ kind = client } | max_over_time(duration)") + "&start=1700000000&end=1700000020",
                "X-Scope-OrgID", "m13");
        assertThat(instant.body()).isEqualTo("{\"series\":[{\"labels\":[],\"value\":0.5}],"
                + "\"metrics\":{\"inspectedTraces\":1,\"inspectedSpans\":\"2\",\"totalJobs\":1,\"completedJobs\":1}}");
    }
}
