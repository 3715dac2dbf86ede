package ai.gatewayz.obs.jsonproxy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.jsonproxy.health.Poller;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The checklist of grafana-datasources.md 6.4 against a stub backend serving /prometheus/data/metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JsonApiProxyConformanceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger UPSTREAM_STATUS = new AtomicInteger(200);
    private static HttpServer upstream;

    @LocalServerPort
    int port;

    @Autowired
    Poller poller;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        upstream.createContext("/prometheus/data/metrics", ex -> {
            byte[] b = DataMetricsParserTest.EXPOSITION.getBytes(StandardCharsets.UTF_8);
            int status = UPSTREAM_STATUS.get();
            ex.sendResponseHeaders(status, status == 200 ? b.length : -1);
            if (status == 200) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        upstream.start();
        r.add("proxy.upstream-url", () -> "http://127.0.0.1:" + upstream.getAddress().getPort());
        r.add("proxy.poll-interval", () -> "0s");
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
    }

    @Test
    void checklist() throws Exception {
        assertThat(poller.pollOnce()).isTrue();
        // 1, 2: health checks
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/health").body()).get("status").asString()).isEqualTo("ok");
        assertThat(get("/").statusCode()).isEqualTo(200);
        // 3: provider listing, flat objects, typed numbers
        JsonNode providers = JSON.readTree(get("/providers").body());
        assertThat(providers.isArray()).isTrue();
        JsonNode openai = providers.get(1);
        assertThat(openai.get("provider").asString()).isEqualTo("openai");
        assertThat(openai.get("health_score").isNumber()).isTrue();
        assertThat(openai.get("status").asString()).isEqualTo("unhealthy");
        assertThat(openai.get("open_breakers").asInt()).isEqualTo(1);
        Instant.parse(openai.get("checked_at").asString());
        JsonNode breakers = JSON.readTree(get("/circuit-breakers?state=open").body());
        assertThat(breakers.size()).isEqualTo(1);
        assertThat(breakers.get(0).get("is_open").asInt()).isEqualTo(1);
        // 4: history with epoch ms and RFC 3339
        long now = System.currentTimeMillis();
        JsonNode h1 = JSON.readTree(get("/history?provider=groq&from=" + (now - 3_600_000) + "&to=" + (now + 1000)).body());
        JsonNode h2 = JSON.readTree(get("/history?provider=groq&from=" + Instant.ofEpochMilli(now - 3_600_000) + "&to="
            + Instant.ofEpochMilli(now + 1000)).body());
        assertThat(h1.size()).isEqualTo(1);
        assertThat(h2).isEqualTo(h1);
        HttpResponse<String> bad = get("/history?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asString()).contains("\"from\"").contains("\"yesterday\"");
        // 5: simpod protocol
        JsonNode metrics = JSON.readTree(post("/metrics", "{}").body());
        assertThat(metrics.get(0).get("label").asString()).isEqualTo("health_score");
        assertThat(metrics.get(0).get("payloads").get(0).get("options").size()).isEqualTo(2);
        assertThat(poller.pollOnce()).isTrue();
        String q = "{\"range\":{\"from\":\"" + Instant.ofEpochMilli(now - 60_000) + "\",\"to\":\"" + Instant.ofEpochMilli(now + 60_000)
            + "\"},\"targets\":[{\"refId\":\"A\",\"target\":\"health_score\",\"payload\":{\"provider\":\"openai\"}},"
            + "{\"refId\":\"B\",\"target\":\"circuit_breakers\"}]}";
        JsonNode res = JSON.readTree(post("/query", q).body());
        JsonNode dps = res.get(0).get("datapoints");
        assertThat(dps.size()).isEqualTo(2);
        assertThat(dps.get(0).get(0).asDouble()).isEqualTo(45.0);
        assertThat(dps.get(1).get(1).asLong()).isGreaterThanOrEqualTo(dps.get(0).get(1).asLong());
        assertThat(res.get(1).get("type").asString()).isEqualTo("table");
        assertThat(res.get(1).get("rows").get(0).size()).isEqualTo(res.get(1).get("columns").size());
        assertThat(post("/annotations", "{}").body()).isEqualTo("[]");
        assertThat(JSON.readTree(post("/search", "{}").body()).size()).isEqualTo(6);
        // 6: errors are non-2xx JSON
        HttpResponse<String> unknown = post("/query", "{\"targets\":[{\"target\":\"nope\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("error").asString()).contains("unknown target [target=nope]");
        assertThat(post("/query", "{oops").statusCode()).isEqualTo(400);
        // backend down: health stays 200 but says degraded; the last snapshot is still served
        UPSTREAM_STATUS.set(503);
        assertThat(poller.pollOnce()).isFalse();
        JsonNode health = JSON.readTree(get("/health").body());
        assertThat(health.get("status").asString()).isEqualTo("degraded");
        assertThat(health.get("last_error").asString()).isEqualTo("HTTP 503");
        assertThat(JSON.readTree(get("/providers").body()).size()).isEqualTo(2);
        UPSTREAM_STATUS.set(200);
        assertThat(poller.pollOnce()).isTrue();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
