package ai.gatewayz.obs.logs.server.ruler;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.logs.server.LokiHttp;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteStats;
import ai.gatewayz.obs.testkit.PeerFixture;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.TestClock;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The ruler while its remote-write receiver (Debian's Prometheus 2.42 behind a switchable proxy) is
 * down: evaluations go on, the samples are retried, those that grow older than
 * {@code log.ruler.remote-write-max-sample-age} are dropped and counted (also on /metrics), and
 * once the receiver is back the rest arrive once each, with their evaluation timestamps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "log.ruler.tick-interval=0", "log.ruler.remote-write-max-sample-age=150s"})
@Import(RulerPeerTest.Clocks.class)
class RulerRemoteWriteOutageTest extends RulerPeerTest {
    static final AtomicBoolean DOWN = new AtomicBoolean(true);
    static final AtomicInteger REFUSED = new AtomicInteger();
    static PeerProcess prometheus;
    static HttpServer proxy;

    @BeforeAll
    static void peers() throws Exception {
        clock = TestClock.at(Instant.ofEpochMilli(System.currentTimeMillis() - 6 * 60_000));
        env = PeerFixture.create("log-ruler-outage");
        prometheus = env.prometheus("global: {scrape_interval: 1m}\n");
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/api/v1/write", RulerRemoteWriteOutageTest::forward);
        proxy.start();
        env.write("rules/anonymous/r.yml", """
                groups:
                  - name: outage
                    rules:
                      - record: loki:outage_errors:count1m
                        expr: sum(count_over_time({app="outage", level="ERROR"}[1m]))
                """);
        env.write("loki.yaml", """
                ruler:
                  storage: {type: local, local: {directory: %s}}
                  remote_write:
                    enabled: true
                    clients:
                      prom: {url: 'http://127.0.0.1:%d/api/v1/write'}
                """.formatted(env.dir().resolve("rules"), proxy.getAddress().getPort()));
    }

    /** 503 while down; otherwise the request as it came, to Prometheus. */
    static void forward(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        if (DOWN.get()) {
            REFUSED.incrementAndGet();
            ex.sendResponseHeaders(503, -1);
            ex.close();
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(prometheus.url() + "/api/v1/write"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : List.of("Content-Type", "Content-Encoding", "X-Prometheus-Remote-Write-Version", "User-Agent")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                ex.getResponseBody().write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
        }
        ex.close();
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    private void push(int n, long atMs) {
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < n; i++) {
            v.append(i == 0 ? "" : ",").append("[\"").append((atMs - 1000) * 1_000_000L + i).append("\",\"failed\"]");
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"outage\",\"level\":\"ERROR\"},\"values\":[" + v + "]}]}";
        assertThat(new LokiHttp(port).postJson("/loki/api/v1/push", body, null).status()).isEqualTo(204);
    }

    private static void await(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!cond.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void samplesAreRetriedWhileTheReceiverIsDownAndTooOldOnesAreDroppedAndCounted() throws Exception {
        List<Long> evals = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            long ts = ruler.groups("anonymous").get(0).evalTimestamp(clock.millis());
            push(i, ts);
            ruler.tick();
            evals.add(ts);
        }
        // ages now 4m, 3m, 2m, 1m, 0m (+1s): the first two are past the 150s limit
        clock.set(Instant.ofEpochMilli(evals.get(4) + 1000));
        RemoteWriteClient client = remoteWrite.clients("anonymous").get(0);
        await("old samples dropped while retrying", () -> client.stats().droppedTooOld() == 2);
        RemoteWriteStats down = client.stats();
        assertThat(down.samplesRetried()).isPositive();
        assertThat(down.samplesSent()).isZero();
        assertThat(down.pending()).isEqualTo(3);
        assertThat(REFUSED.get()).isPositive();

        DOWN.set(false);
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        RemoteWriteStats up = client.stats();
        assertThat(up.samplesSent()).isEqualTo(3);
        assertThat(up.droppedTooOld()).isEqualTo(2);
        assertThat(up.samplesFailed()).isZero();

        String q = URLEncoder.encode("loki:outage_errors:count1m[10m]", StandardCharsets.UTF_8);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(prometheus.url()
                + "/api/v1/query?query=" + q + "&time=" + (evals.get(4) + 1000) / 1000.0)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonNode values = new ObjectMapper().readTree(body).at("/data/result/0/values");
        List<String> got = new ArrayList<>();
        values.forEach(p -> got.add(Math.round(p.get(0).asDouble() * 1000) + "=" + p.get(1).asText()));
        assertThat(got).containsExactly(evals.get(2) + "=3", evals.get(3) + "=4", evals.get(4) + "=5");

        String metrics = new LokiHttp(port).get("/metrics").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("prometheus_remote_storage_samples_dropped_total{")
                && l.contains("reason=\"too_old\"") && l.contains("remote_name=\"prom/anonymous\"")))
                .singleElement().asString().endsWith(" 2.0");
    }
}
