package ai.gatewayz.obs.metrics.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.storage.TenantStorages;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Bad input gets Prometheus's status, errorType and message (recorded from Prometheus's API);
 * nothing a user can send produces a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiErrorTest {
    @LocalServerPort
    int port;

    @Autowired
    TenantStorages storages;

    ApiClient api;

    @BeforeAll
    void setUp() {
        api = new ApiClient(port);
        TestData.load(storages.forTenant("anonymous"));
    }

    static Stream<Arguments> cases() {
        String q = "invalid parameter \\\"query\\\": ";
        return Stream.of(
                Arguments.of("/api/v1/query", 400, "bad_data", q + "1:1: parse error: no expression found in input"),
                Arguments.of("/api/v1/query?query=", 400, "bad_data", q + "1:1: parse error: no expression found in input"),
                Arguments.of("/api/v1/query?query=up&time=abc", 400, "bad_data",
                        "invalid parameter \\\"time\\\": Invalid time value for 'time': cannot parse \\\"abc\\\" to a valid timestamp"),
                Arguments.of("/api/v1/query_range?query=up", 400, "bad_data",
                        "invalid parameter \\\"start\\\": cannot parse \\\"\\\" to a valid timestamp"),
                Arguments.of("/api/v1/query_range?query=up&start=10&end=5&step=1", 400, "bad_data",
                        "invalid parameter \\\"end\\\": end timestamp must not be before start time"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=100000&step=1", 400, "bad_data",
                        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=10&step=0", 400, "bad_data",
                        "invalid parameter \\\"step\\\": zero or negative query resolution step widths are not accepted. Try a positive integer"),
                Arguments.of("/api/v1/query_range?query=up&start=0&end=10&step=abc", 400, "bad_data",
                        "invalid parameter \\\"step\\\": cannot parse \\\"abc\\\" to a valid duration"),
                Arguments.of("/api/v1/series", 400, "bad_data", "no match[] parameter provided"),
                Arguments.of("/api/v1/series?match[]=up&start=abc", 400, "bad_data",
                        "invalid parameter \\\"start\\\": Invalid time value for 'start': cannot parse \\\"abc\\\" to a valid timestamp"),
                Arguments.of("/api/v1/series?match[]=1", 400, "bad_data",
                        "invalid parameter \\\"match[]\\\": 1:1: parse error: unexpected number \\\"1\\\""),
                Arguments.of("/api/v1/labels?match[]=foo%7B", 400, "bad_data",
                        "invalid parameter \\\"match[]\\\": 1:5: parse error: unexpected end of input inside braces"),
                Arguments.of("/api/v1/metadata?limit=abc", 400, "bad_data", "limit must be a number"),
                Arguments.of("/api/v1/query?query=up&timeout=abc", 400, "bad_data",
                        "invalid parameter \\\"timeout\\\": cannot parse \\\"abc\\\" to a valid duration"),
                Arguments.of("/api/v1/query_range?query=foo%5B5m%5D&start=0&end=10&step=1", 400, "bad_data",
                        "invalid expression type \\\"range vector\\\" for range query, must be Scalar or instant Vector"),
                Arguments.of("/api/v1/query?query=sum(%22a%22)", 400, "bad_data",
                        q + "1:5: parse error: expected type instant vector in aggregation expression, got string"),
                Arguments.of("/api/v1/query?query=rate(up%5B5m%5D)%5B", 400, "bad_data",
                        q + "1:14: parse error: missing unit character in duration"),
                Arguments.of("/api/v1/query?query=topk(NaN,up)&time=1700001800", 422, "execution", "Parameter value is NaN"),
                Arguments.of("/api/v1/query?query=up%20%2B%20on()%20http_requests_total&time=1700001800", 422, "execution",
                        "found duplicate series for the match group {} on the right hand-side of the operation: "
                                + "[{__name__=\\\"http_requests_total\\\", instance=\\\"a\\\", job=\\\"api\\\"}, "
                                + "{__name__=\\\"http_requests_total\\\", instance=\\\"b\\\", job=\\\"api\\\"}];"
                                + "many-to-many matching not allowed: matching labels must be unique on one side"),
                Arguments.of("/api/v1/query?query=label_replace(up,%22%22,%22x%22,%22job%22,%22(.*)%22)", 422, "execution",
                        "invalid destination label name in label_replace(): "),
                Arguments.of("/api/v1/query?query=count_values(%22%22,up)", 422, "execution", "invalid label name \\\"\\\""),
                Arguments.of("/api/v1/query?time=1700001800&query=max_over_time(max_over_time(vector(1)%5B1d:1s%5D)%5B1d:1m%5D)&timeout=0.001",
                        503, "timeout", "query timed out in expression evaluation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput(String path, int status, String errorType, String error) {
        ApiClient.Response r = api.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\"" + error + "\"}");
    }

    @Test
    void postWithBadFormIsStill400NotServerError() {
        ApiClient.Response r = api.postForm("/api/v1/query_range", "query=up&start=x&end=y&step=z");
        assertThat(r.status()).isEqualTo(400);
        ApiClient.Response e = api.postForm("/api/v1/query", "query=" + ApiClient.enc("{__name__=~\"(\"}"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.body()).contains("error parsing regexp");
    }

    @Test
    void unknownRulesEndpointIsPendingNotFound() {
        assertThat(api.get("/api/v1/alertmanagers").status()).isEqualTo(501);
        assertThat(api.get("/api/v1/nonexistent").status()).isEqualTo(404);
    }
}
