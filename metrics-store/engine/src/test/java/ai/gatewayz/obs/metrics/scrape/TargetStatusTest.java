package ai.gatewayz.obs.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.testkit.FreePorts;
import ai.gatewayz.obs.testkit.TestClock;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code /api/v1/targets} and {@code /targets/metadata} are built from: discovery with dropped
 * targets, each loop's health, last scrape and error (worded as Prometheus 2.42 words them), and the
 * metadata kept per target.
 */
class TargetStatusTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123Z");
    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("");
    private final AtomicReference<String> contentType = new AtomicReference<>("text/plain; version=0.0.4");
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final TestClock clock = TestClock.at(T0);
    private final MemoryStorage storage = new MemoryStorage();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            CountDownLatch h = hold.get();
            if (h != null) {
                try {
                    h.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType.get());
            ex.sendResponseHeaders(status.get(), b.length == 0 ? -1 : b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        CountDownLatch h = hold.get();
        if (h != null) {
            h.countDown();
        }
        server.stop(0);
    }

    private String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static ScrapeConfig job(String name, List<String> targets, Map<String, String> labels, List<RelabelConfig> relabel,
            Duration timeout, long sampleLimit, long bodyLimit) {
        return new ScrapeConfig(name, Duration.ofSeconds(15), timeout, "/metrics", "http", Map.of(), false, true,
                null, null, null, null, List.of(new ScrapeConfig.StaticConfig(targets, labels)), relabel, List.of(),
                sampleLimit, bodyLimit);
    }

    private ScrapeLoop loop(ScrapeConfig c) {
        return new ScrapeLoop(ScrapeTarget.of(c).getFirst(), storage, HttpClient.newHttpClient(), clock);
    }

    @Test
    void discoveryKeepsDiscoveredLabelsOfActiveAndDroppedTargets() {
        RelabelConfig dropB = RelabelConfig.of(List.of("__address__"), null, "b:.*", null, null, null, "drop");
        ScrapeTarget.Discovery d = ScrapeTarget.discover(job("j", List.of("a:1", "b:2", "a:1"), Map.of("env", "test"),
                List.of(dropB), Duration.ofSeconds(10), 0, 0));
        assertThat(d.active()).singleElement().satisfies(t -> {
            assertThat(t.labels()).isEqualTo(Labels.of("env", "test", "instance", "a:1", "job", "j"));
            assertThat(t.discoveredLabels()).isEqualTo(Labels.of("__address__", "a:1", "__metrics_path__", "/metrics",
                    "__scheme__", "http", "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "env", "test", "job", "j"));
            assertThat(t.scrapeInterval()).isEqualTo("15s");
            assertThat(t.scrapeTimeout()).isEqualTo("10s");
        });
        assertThat(d.dropped()).singleElement().satisfies(l -> assertThat(l.get("__address__")).isEqualTo("b:2"));
    }

    @Test
    void relabeledIntervalAndTimeoutAreHonouredAndInvalidOnesSkipTheTarget() {
        record Case(String interval, String timeout, String expectInterval) {
        }
        for (Case c : List.of(new Case("30s", "20s", "30s"), new Case("bogus", "10s", null), new Case("5s", "10s", null),
                new Case("0s", "0s", null))) {
            List<RelabelConfig> relabel = List.of(
                    RelabelConfig.of(List.of(), null, null, null, "__scrape_interval__", c.interval(), null),
                    RelabelConfig.of(List.of(), null, null, null, "__scrape_timeout__", c.timeout(), null));
            ScrapeTarget.Discovery d = ScrapeTarget.discover(job("j", List.of("a:1"), Map.of(), relabel, Duration.ofSeconds(10), 0, 0));
            assertThat(d.dropped()).as(c.interval()).isEmpty();
            if (c.expectInterval() == null) {
                assertThat(d.active()).as(c.interval() + "/" + c.timeout()).isEmpty();
            } else {
                ScrapeTarget t = d.active().getFirst();
                assertThat(t.scrapeInterval()).isEqualTo(c.expectInterval());
                assertThat(t.interval()).isEqualTo(Duration.ofSeconds(30));
                assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(20));
                assertThat(t.discoveredLabels().get("__scrape_interval__")).isEqualTo("15s");
            }
        }
    }

    @Test
    void aStaticJobLabelWinsOverTheJobNameAsInPrometheus() {
        ScrapeTarget t = ScrapeTarget.of(job("j", List.of("a:1"), Map.of("job", "custom"), List.of(), Duration.ofSeconds(10), 0, 0))
                .getFirst();
        assertThat(t.labels().get("job")).isEqualTo("custom");
        assertThat(t.discoveredLabels().get("job")).isEqualTo("custom");
    }

    @Test
    void healthIsUnknownThenUpThenDownWithPrometheusWording() {
        body.set("a 1\n");
        ScrapeLoop l = loop(job("j", List.of(address()), Map.of(), List.of(), Duration.ofSeconds(5), 0, 0));
        assertThat(l.status()).isEqualTo(new TargetStatus(TargetHealth.UNKNOWN, TargetStatus.NEVER, 0, ""));
        assertThat(l.scrapeOnce()).isTrue();
        assertThat(l.status().health()).isEqualTo(TargetHealth.UP);
        assertThat(l.status().lastScrape()).isEqualTo(T0);
        assertThat(l.status().lastScrapeDurationSeconds()).isPositive();
        assertThat(l.status().lastError()).isEmpty();
        clock.advance(Duration.ofSeconds(15));
        status.set(500);
        assertThat(l.scrapeOnce()).isFalse();
        assertThat(l.status().health()).isEqualTo(TargetHealth.DOWN);
        assertThat(l.status().lastScrape()).isEqualTo(T0.plusSeconds(15));
        assertThat(l.status().lastError()).isEqualTo("server returned HTTP status 500 Internal Server Error");
    }

    @Test
    void scrapeFailuresAreWordedAsPrometheusWordsThem() {
        record Case(String name, ScrapeConfig config, Runnable setup, String lastError) {
        }
        int closed = FreePorts.next();
        List<Case> cases = List.of(
                new Case("status 503", job("j", List.of(address()), Map.of(), List.of(), Duration.ofSeconds(5), 0, 0),
                        () -> status.set(503), "server returned HTTP status 503 Service Unavailable"),
                new Case("status without Go text", job("j", List.of(address()), Map.of(), List.of(), Duration.ofSeconds(5), 0, 0),
                        () -> status.set(418), "server returned HTTP status 418"),
                new Case("connection refused", job("j", List.of("127.0.0.1:" + closed), Map.of(), List.of(), Duration.ofSeconds(5), 0, 0),
                        () -> { }, "Get \"http://127.0.0.1:" + closed + "/metrics\": dial tcp 127.0.0.1:" + closed
                                + ": connect: connection refused"),
                new Case("sample limit", job("j", List.of(address()), Map.of(), List.of(), Duration.ofSeconds(5), 1, 0),
                        () -> body.set("a 1\nb 2\n"), "sample limit exceeded"),
                new Case("body size limit", job("j", List.of(address()), Map.of(), List.of(), Duration.ofSeconds(5), 0, 4),
                        () -> body.set("a 1\nb 2\n"), "body size limit exceeded"),
                new Case("timeout", job("j", List.of(address()), Map.of(), List.of(), Duration.ofMillis(200), 0, 0),
                        () -> hold.set(new CountDownLatch(1)), "Get \"http://" + address() + "/metrics\": context deadline exceeded"));
        for (Case c : cases) {
            status.set(200);
            body.set("a 1\n");
            hold.set(null);
            c.setup().run();
            ScrapeLoop l = loop(c.config());
            assertThat(l.scrapeOnce()).as(c.name()).isFalse();
            assertThat(l.status().health()).as(c.name()).isEqualTo(TargetHealth.DOWN);
            assertThat(l.status().lastError()).as(c.name()).isEqualTo(c.lastError());
            CountDownLatch h = hold.get();
            if (h != null) {
                h.countDown();
            }
        }
    }

    @Test
    void metadataIsKeptPerTargetThroughFailuresAndForgottenTenScrapesAfterItsFamilyLeft() {
        ScrapeLoop l = loop(job("j", List.of(address()), Map.of(), List.of(), Duration.ofSeconds(5), 0, 0));
        body.set("""
                # HELP req_total Requests.
                # TYPE req_total counter
                req_total 1
                # TYPE temp gauge
                # UNIT temp celsius
                temp 2
                # HELP helponly Only help.
                helponly 3
                nometa 4
                """);
        l.scrapeOnce();
        assertThat(l.metadata()).containsExactly(
                Map.entry("req_total", new Metadata(MetricType.COUNTER, "Requests.", "")),
                Map.entry("temp", new Metadata(MetricType.GAUGE, "", "")), // text 0.0.4 has no UNIT
                Map.entry("helponly", new Metadata(MetricType.UNKNOWN, "Only help.", "")));
        status.set(500);
        clock.advance(Duration.ofSeconds(15));
        l.scrapeOnce();
        assertThat(l.metadata()).as("a failed scrape keeps metadata").hasSize(3);
        status.set(200);
        body.set("# TYPE req_total counter\nreq_total 2\n");
        for (int i = 0; i < TargetMetadata.KEEP_SCRAPES; i++) {
            clock.advance(Duration.ofSeconds(15));
            l.scrapeOnce();
            assertThat(l.metadata()).as("scrape " + i).containsKeys("temp", "helponly");
        }
        assertThat(l.metadata().get("req_total").help()).isEmpty();
        clock.advance(Duration.ofSeconds(15));
        l.scrapeOnce();
        assertThat(l.metadata()).containsOnlyKeys("req_total");
    }

    @Test
    void openMetricsUnitIsKept() {
        contentType.set("application/openmetrics-text; version=1.0.0; charset=utf-8");
        body.set("# TYPE temp gauge\n# UNIT temp celsius\n# HELP temp T.\ntemp 2\n# EOF\n");
        ScrapeLoop l = loop(job("j", List.of(address()), Map.of(), List.of(), Duration.ofSeconds(5), 0, 0));
        assertThat(l.scrapeOnce()).isTrue();
        assertThat(l.metadata()).containsExactly(Map.entry("temp", new Metadata(MetricType.GAUGE, "T.", "celsius")));
    }

    @Test
    void globalUrlReplacesLoopbackHostsLikePrometheus() {
        GlobalUrls g = new GlobalUrls(URI.create("https://prom.example:9443/"), 9090);
        record Case(String target, String global) {
        }
        for (Case c : List.of(
                new Case("http://127.0.0.1:8000/metrics?x=1", "http://prom.example:8000/metrics?x=1"),
                new Case("http://localhost:8000/metrics", "http://prom.example:8000/metrics"),
                new Case("http://[::1]:8000/m", "http://prom.example:8000/m"),
                new Case("http://127.0.0.1:9090/metrics", "https://prom.example:9443/metrics"),
                new Case("http://node:9100/metrics", "http://node:9100/metrics"),
                new Case("http://127.0.0.1/metrics", "http://127.0.0.1/metrics"))) {
            assertThat(g.of(URI.create(c.target())).toString()).as(c.target()).isEqualTo(c.global());
        }
    }
}
