package ai.gatewayz.obs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The conventions every service inherits from libs/http-support, checked over real HTTP: the error
 * envelope for every failure class, pending endpoints, probes, /metrics, tenancy and token auth.
 */
@SpringBootTest(classes = EdgeTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"suite.auth.query-tokens=q1,q2", "suite.auth.ingest-tokens=i1"})
class EdgeConventionsTest {
    private static final String Q = "Bearer q1";
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @AfterEach
    void ready() {
        EdgeTestApplication.NOT_READY.set(null);
    }

    private HttpResponse<String> send(String method, String path, String auth, String contentType, String body, String tenant)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (tenant != null) {
            b.header("X-Scope-Orgid", tenant);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Stream<Arguments> requests() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("grafana:q2".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.argumentSet("valid query", "GET", "/api/v1/echo?start=1.5&step=15s", Q, null, null, null,
                        200, "start=1500 step=15000 tenant=anonymous"),
                Arguments.argumentSet("tenant header any case", "GET", "/api/v1/echo?start=1", Q, null, null, "team-a",
                        200, "start=1000 step=0 tenant=team-a"),
                Arguments.argumentSet("basic auth with token as password", "GET", "/api/v1/echo?start=1", basic, null, null, null,
                        200, "start=1000 step=0 tenant=anonymous"),
                Arguments.argumentSet("bad timestamp names parameter and value", "GET", "/api/v1/echo?start=yesterday", Q, null, null, null,
                        400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"start\\\": cannot parse \\\"yesterday\\\" to a valid timestamp\"}"),
                Arguments.argumentSet("bad step", "GET", "/api/v1/echo?start=1&step=0", Q, null, null, null,
                        400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"step\\\": zero or negative query resolution step widths are not accepted. Try a positive integer\"}"),
                Arguments.argumentSet("missing parameter", "GET", "/api/v1/echo", Q, null, null, null,
                        400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"missing required parameter \\\"start\\\"\"}"),
                Arguments.argumentSet("invalid tenant", "GET", "/api/v1/echo?start=1", Q, null, null, "a/b",
                        400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid tenant ID [tenant=\\\"a/b\\\", reason=unsupported character '/']\"}"),
                Arguments.argumentSet("pending endpoint", "GET", "/api/v1/query_range?query=up", Q, null, null, null,
                        501, "{\"status\":\"error\",\"errorType\":\"not_implemented\",\"error\":\"endpoint not implemented yet [method=GET, path=/api/v1/query_range]\"}"),
                Arguments.argumentSet("unknown path", "GET", "/nowhere", Q, null, null, null,
                        404, "{\"status\":\"error\",\"errorType\":\"not_found\",\"error\":\"no such endpoint [method=GET, path=/nowhere]\"}"),
                Arguments.argumentSet("wrong method", "DELETE", "/api/v1/echo?start=1", Q, null, null, null,
                        405, "{\"status\":\"error\",\"errorType\":\"method_not_allowed\",\"error\":\"method not allowed [method=DELETE, path=/api/v1/echo]\"}"),
                Arguments.argumentSet("malformed json", "POST", "/api/v1/write", "Bearer i1", "application/json", "{\"a\":", null,
                        400, null),
                Arguments.argumentSet("unsupported content type", "POST", "/api/v1/write", "Bearer i1", "application/x-protobuf", "xx", null,
                        415, "{\"status\":\"error\",\"errorType\":\"unsupported_media_type\",\"error\":\"unsupported content type [content-type=application/x-protobuf]\"}"),
                Arguments.argumentSet("valid ingest", "POST", "/api/v1/write", "Bearer i1", "application/json", "{\"a\":1}", null,
                        200, "ok 1"),
                Arguments.argumentSet("query token does not grant ingest", "POST", "/api/v1/write", Q, "application/json", "{}", null,
                        401, "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"missing or invalid credentials [scope=ingest]\"}"),
                Arguments.argumentSet("no credentials", "GET", "/api/v1/echo?start=1", null, null, null, null,
                        401, "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"missing or invalid credentials [scope=query]\"}"),
                Arguments.argumentSet("wrong token", "GET", "/api/v1/echo?start=1", "Bearer nope", null, null, null,
                        401, "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"missing or invalid credentials [scope=query]\"}"),
                Arguments.argumentSet("defect hides internals", "GET", "/api/v1/boom", Q, null, null, null,
                        500, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"internal error [type=IllegalStateException]\"}"),
                Arguments.argumentSet("liveness is open", "GET", "/-/healthy", null, null, null, null,
                        200, "Edge Test is Healthy.\n"),
                Arguments.argumentSet("readiness is open", "GET", "/-/ready", null, null, null, null,
                        200, "Edge Test is Ready.\n"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void answers(String method, String path, String auth, String contentType, String body, String tenant,
            int status, String expectedBody) throws Exception {
        HttpResponse<String> r = send(method, path, auth, contentType, body, tenant);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (expectedBody != null) {
            assertThat(r.body()).isEqualTo(expectedBody);
        }
        if (status >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertThat(r.body()).startsWith("{\"status\":\"error\",\"errorType\":\"").doesNotContain("at ai.gatewayz", "secret internal detail");
        }
    }

    @Test
    void readinessFollowsChecks() throws Exception {
        EdgeTestApplication.NOT_READY.set("replaying WAL");
        HttpResponse<String> r = send("GET", "/-/ready", null, null, null, null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("Edge Test is not ready: replaying WAL\n");
    }

    @Test
    void metricsAreServedInBothExpositionFormats() throws Exception {
        send("GET", "/-/ready", null, null, null, null);
        HttpResponse<String> text = send("GET", "/metrics", Q, null, null, null);
        assertThat(text.statusCode()).isEqualTo(200);
        // Tomcat drops the blanks between parameters; scrapers parse both spellings.
        assertThat(text.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualTo("text/plain;version=0.0.4;charset=utf-8");
        assertThat(text.body()).contains("# TYPE jvm_memory_used_bytes gauge")
                .contains("http_server_requests_seconds_count{").contains("uri=\"/-/ready\"");

        HttpRequest om = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Authorization", Q)
                .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build();
        HttpResponse<String> r = http.send(om, HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualTo("application/openmetrics-text;version=1.0.0;charset=utf-8");
        assertThat(r.body()).endsWith("# EOF\n");
    }

    @Test
    void metricsNeedTheQueryToken() throws Exception {
        assertThat(send("GET", "/metrics", null, null, null, null).statusCode()).isEqualTo(401);
    }
}
