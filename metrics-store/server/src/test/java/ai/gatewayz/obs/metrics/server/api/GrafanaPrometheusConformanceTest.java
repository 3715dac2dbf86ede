package ai.gatewayz.obs.metrics.server.api;

import static ai.gatewayz.obs.metrics.server.api.ApiClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.storage.TenantStorages;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Replays every request of the Prometheus section of contracts/grafana-datasources.md (1.1-1.8)
 * and asserts the response shapes Grafana's parser needs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaPrometheusConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String START = "1700000000";
    private static final String END = "1700001800";

    @LocalServerPort
    int port;

    @Autowired
    TenantStorages storages;

    ApiClient api;

    @BeforeAll
    void load() {
        api = new ApiClient(port);
        TestData.load(storages.forTenant("anonymous"));
        TestData.load(storages.forTenant("team-a"));
    }

    private static JsonNode json(ApiClient.Response r) {
        return JSON.readTree(r.body());
    }

    @Test
    void saveAndTestIsAFormPostOfOnePlusOneAtFourSeconds() {
        ApiClient.Response post = api.postForm("/api/v1/query", "query=1%2B1&time=4");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.contentType()).startsWith("application/json");
        assertThat(post.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[4,\"2\"]}}");
        ApiClient.Response get = api.get("/api/v1/query?query=1%2B1&time=4");
        assertThat(get.body()).isEqualTo(post.body());
    }

    @Test
    void urlAndFormParametersAreMerged() {
        ApiClient.Response r = api.postForm("/api/v1/query?timeout=30s", "query=up&time=" + END);
        assertThat(r.status()).isEqualTo(200);
        JsonNode d = json(r).get("data");
        assertThat(d.get("resultType").asString()).isEqualTo("vector");
        JsonNode first = d.get("result").get(0);
        assertThat(first.get("metric").get("__name__").asString()).isEqualTo("up");
        assertThat(first.get("value").get(0).isNumber()).isTrue();
        assertThat(first.get("value").get(1).isString()).isTrue();
    }

    @Test
    void rangeQueryReturnsAlignedMatrixOfNumberStringPairs() {
        for (String step : new String[] {"15", "0.5", "15s", "1m"}) {
            String q = "query=" + enc("sum by (job) (rate(http_requests_total[1m]))") + "&start=" + START
                    + ".5&end=1700000300&step=" + step;
            ApiClient.Response r = api.postForm("/api/v1/query_range", q);
            assertThat(r.status()).as(step + " " + r.body()).isEqualTo(200);
            JsonNode d = json(r).get("data");
            assertThat(d.get("resultType").asString()).isEqualTo("matrix");
            JsonNode values = d.get("result").get(0).get("values");
            assertThat(values.size()).isGreaterThan(1);
            for (JsonNode p : values) {
                assertThat(p.get(0).isNumber()).isTrue();
                assertThat(p.get(1).isString()).isTrue();
            }
            double stepSec = step.endsWith("m") ? 60 : step.endsWith("s") ? 15 : Double.parseDouble(step);
            double t0 = values.get(0).get(0).asDouble();
            double t1 = values.get(1).get(0).asDouble();
            assertThat(t1 - t0).isCloseTo(stepSec, org.assertj.core.data.Offset.offset(1e-6));
            double offsetSteps = (t0 - 1700000000.5) / stepSec;
            assertThat(offsetSteps).isCloseTo(Math.rint(offsetSteps), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void invalidPromqlIs400BadDataWithJsonBody() {
        ApiClient.Response r = api.postForm("/api/v1/query", "query=" + enc("sum(rate(x[5m])") + "&time=4");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
                + "\"invalid parameter \\\"query\\\": 1:16: parse error: unclosed left parenthesis\"}");
    }

    @Test
    void warningsAndInfosAreStringArraysAndOmittedWhenEmpty() {
        ApiClient.Response info = api.get("/api/v1/query?time=" + END + "&query=" + enc("rate(temperature[5m])"));
        assertThat(json(info).get("infos").get(0).asString())
                .startsWith("PromQL info: metric might not be a counter");
        assertThat(json(info).has("warnings")).isFalse();
        ApiClient.Response warn = api.get("/api/v1/query_range?start=" + START + "&end=" + END + "&step=60&query="
                + enc("sort(up)"));
        assertThat(json(warn).get("warnings").get(0).asString()).contains("sort is ineffective");
        ApiClient.Response plain = api.get("/api/v1/query?time=" + END + "&query=up");
        assertThat(json(plain).has("warnings")).isFalse();
        assertThat(json(plain).has("infos")).isFalse();
    }

    @Test
    void labelsAndSeriesAcceptGetAndPostWithRepeatedMatch() {
        String match = "match[]=" + enc("up") + "&match[]=" + enc("{__name__=\"temperature\"}");
        ApiClient.Response get = api.get("/api/v1/labels?start=" + START + "&end=" + END + "&limit=40000&" + match);
        ApiClient.Response post = api.postForm("/api/v1/labels", "start=" + START + "&end=" + END + "&" + match);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(post.body());
        assertThat(json(get).get("data").toString()).isEqualTo("[\"__name__\",\"http.method\",\"instance\",\"job\"]");
        ApiClient.Response series = api.postForm("/api/v1/series", "start=" + START + "&end=" + END + "&" + match);
        assertThat(series.status()).isEqualTo(200);
        assertThat(json(series).get("data").size()).isEqualTo(2);
        ApiClient.Response all = api.get("/api/v1/series?match[]=" + enc("{__name__!=\"\"}") + "&start=" + START + "&end=" + END);
        JsonNode data = json(all).get("data");
        assertThat(data.size()).isEqualTo(8);
        assertThat(data.get(0).has("__name__")).isTrue();
    }

    @Test
    void labelValuesHonourMatchLimitAndEscapedNames() {
        ApiClient.Response r = api.get("/api/v1/label/instance/values?start=" + START + "&end=" + END + "&match[]="
                + enc("http_requests_total") + "&limit=1");
        assertThat(json(r).get("data").toString()).isEqualTo("[\"a\"]");
        ApiClient.Response names = api.get("/api/v1/label/__name__/values");
        assertThat(json(names).get("data").toString())
                .isEqualTo("[\"http_requests_total\",\"http_seconds_bucket\",\"temperature\",\"up\"]");
        ApiClient.Response utf8 = api.get("/api/v1/label/U__http_2e_method/values");
        assertThat(utf8.status()).isEqualTo(200);
        assertThat(json(utf8).get("data").toString()).isEqualTo("[\"GET\"]");
    }

    @Test
    void exemplarProbeInMillisecondsSucceeds() {
        ApiClient.Response probe = api.get("/api/v1/query_exemplars?query=test&start=1700000000000&end=1700003600000");
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.body()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
        ApiClient.Response real = api.get("/api/v1/query_exemplars?query=" + enc("http_seconds_bucket")
                + "&start=" + START + "&end=" + END);
        JsonNode e = json(real).get("data").get(0);
        assertThat(e.get("seriesLabels").get("le").asString()).isEqualTo("0.5");
        JsonNode ex = e.get("exemplars").get(0);
        assertThat(ex.get("value").isString()).isTrue();
        assertThat(ex.get("value").asString()).isEqualTo("0.42");
        assertThat(ex.get("timestamp").isNumber()).isTrue();
        assertThat(ex.get("timestamp").asDouble()).isEqualTo(1700000060.123);
        assertThat(ex.get("labels").get("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void buildinfoHasSemverAndNoFeatures() {
        ApiClient.Response r = api.get("/api/v1/status/buildinfo");
        assertThat(r.status()).isEqualTo(200);
        JsonNode d = json(r).get("data");
        assertThat(d.get("version").asString()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(d.has("features")).isFalse();
        for (String k : new String[] {"revision", "branch", "buildUser", "buildDate", "goVersion"}) {
            assertThat(d.get(k).isString()).as(k).isTrue();
        }
    }

    @Test
    void metadataIsAnObjectKeyedByMetricName() {
        ApiClient.Response r = api.get("/api/v1/metadata");
        JsonNode d = json(r).get("data");
        assertThat(d.isObject()).isTrue();
        assertThat(d.get("http_requests_total").get(0).get("type").asString()).isEqualTo("counter");
        assertThat(d.get("up").get(0).get("help").asString()).isEqualTo("Target up.");
        assertThat(json(api.get("/api/v1/metadata?metric=up")).get("data").size()).isEqualTo(1);
    }

    @Test
    void mimirPrefixAndTenantHeaderSelectTheTenant() {
        Map<String, String> tenantA = Map.of("X-Scope-Orgid", "team-a");
        ApiClient.Response health = api.postForm("/prometheus/api/v1/query", "query=1%2B1&time=4", tenantA);
        assertThat(health.status()).isEqualTo(200);
        ApiClient.Response a = api.get("/prometheus/api/v1/query?query=count(up)&time=" + END, tenantA);
        assertThat(json(a).get("data").get("result").get(0).get("value").get(1).asString()).isEqualTo("1");
        ApiClient.Response other = api.get("/prometheus/api/v1/query?query=count(up)&time=" + END,
                Map.of("X-Scope-OrgID", "nobody"));
        assertThat(json(other).get("data").get("result").size()).isZero();
        ApiClient.Response labels = api.get("/prometheus/api/v1/labels", tenantA);
        assertThat(json(labels).get("data").size()).isEqualTo(5);
    }

    @Test
    void histogramQuantileOverRateOfBuckets() {
        ApiClient.Response r = api.get("/api/v1/query?time=" + END + "&query="
                + enc("histogram_quantile(0.9, sum by (le) (rate(http_seconds_bucket[5m])))"));
        assertThat(r.status()).isEqualTo(200);
        double v = Double.parseDouble(json(r).get("data").get("result").get(0).get("value").get(1).asString());
        assertThat(v).isBetween(0.1, 1.0);
    }

    @Test
    void formatQueryAndTargetsAndConfig() {
        ApiClient.Response f = api.get("/api/v1/format_query?query=" + enc("sum(rate(x[5m]))by(job)"));
        assertThat(f.body()).isEqualTo("{\"status\":\"success\",\"data\":\"sum by (job) (rate(x[5m]))\"}");
        assertThat(api.get("/api/v1/targets").body())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[]}}");
        assertThat(json(api.get("/api/v1/status/config")).get("data").get("yaml").asString()).contains("global:");
    }
}
