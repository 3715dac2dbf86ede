package ai.gatewayz.obs.metrics.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.testkit.TestClock;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape loop against a loopback target: conformance checklist SC-1 .. SC-12. */
class ScrapeLoopTest {
    private static final long T0 = 1_700_000_000_000L;
    private HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>("");
    private final AtomicReference<String> contentType = new AtomicReference<>("text/plain; version=0.0.4");
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<Boolean> gzip = new AtomicReference<>(false);
    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    private final AtomicReference<String> lastUri = new AtomicReference<>();
    private final TestClock clock = TestClock.atMillis(T0);
    private final MemoryStorage storage = new MemoryStorage();

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            lastHeaders.set(ex.getRequestHeaders());
            lastUri.set(ex.getRequestURI().toString());
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            if (gzip.get()) {
                ByteArrayOutputStream bo = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
                    gz.write(b);
                }
                b = bo.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (contentType.get() != null) {
                ex.getResponseHeaders().set("Content-Type", contentType.get());
            }
            ex.sendResponseHeaders(status.get(), b.length == 0 ? -1 : b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ScrapeConfig config(boolean honorLabels, String path, Map<String, List<String>> params, Path bearerFile,
            List<RelabelConfig> metricRelabel) {
        return new ScrapeConfig("job1", Duration.ofSeconds(15), Duration.ofSeconds(5), path, "http", params, honorLabels, true,
                null, null, null, bearerFile,
                List.of(new ScrapeConfig.StaticConfig(List.of("127.0.0.1:" + server.getAddress().getPort()), Map.of("team", "core"))),
                List.of(), metricRelabel, 0, 0);
    }

    private ScrapeLoop loop(ScrapeConfig c) {
        return new ScrapeLoop(ScrapeTarget.of(c).getFirst(), storage, HttpClient.newHttpClient(), clock);
    }

    private TreeMap<Labels, TreeMap<Long, Long>> dump(String name) {
        TreeMap<Labels, TreeMap<Long, Long>> out = new TreeMap<>();
        try (Querier q = storage.querier(0, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.eq("__name__", name)));
            while (set.next()) {
                SampleIterator it = set.at().iterator(null);
                TreeMap<Long, Long> m = new TreeMap<>();
                while (it.next()) {
                    m.put(it.t(), Double.doubleToRawLongBits(it.v()));
                }
                out.put(set.at().labels(), m);
            }
        }
        return out;
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    @Test
    void sc1RequestHeadersAndSc12PathParamsBearer() throws IOException {
        Path token = Files.writeString(tmp.resolve("token"), "s3cret\n");
        body.set("a 1\n");
        loop(config(false, "/custom/metrics", Map.of("module", List.of("http_2xx")), token, List.of())).scrapeOnce();
        Headers h = lastHeaders.get();
        assertThat(h.getFirst("Accept")).isEqualTo(ScrapeLoop.ACCEPT);
        assertThat(h.getFirst("Accept-Encoding")).isEqualTo("gzip");
        assertThat(h.getFirst("X-Prometheus-Scrape-Timeout-Seconds")).isEqualTo("5");
        assertThat(h.getFirst("User-Agent")).startsWith("Prometheus/");
        assertThat(h.getFirst("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(lastUri.get()).isEqualTo("/custom/metrics?module=http_2xx");
    }

    @Test
    void sc7SyntheticSeriesAndSc9StalenessOnDisappearanceAndDown() {
        ScrapeLoop l = loop(config(false, "/metrics", Map.of(), null, List.of()));
        body.set("a{x=\"1\"} 1\na{x=\"2\"} 2\nts_explicit 5 1699999999000\n");
        assertThat(l.scrapeOnce()).isTrue();
        clock.advance(Duration.ofSeconds(15));
        body.set("a{x=\"1\"} 3\n");
        l.scrapeOnce();
        Labels base = Labels.of("__name__", "a", "instance", "127.0.0.1:" + server.getAddress().getPort(), "job", "job1", "team", "core");
        TreeMap<Labels, TreeMap<Long, Long>> a = dump("a");
        assertThat(a.get(base.toBuilder().set("x", "2").build()))
                .containsExactly(Map.entry(T0, bits(2)), Map.entry(T0 + 15_000, Values.STALE_NAN_BITS));
        // Explicit timestamps: kept as given, no stale marker.
        assertThat(dump("ts_explicit").firstEntry().getValue()).containsOnlyKeys(1699999999000L);
        TreeMap<Labels, TreeMap<Long, Long>> up = dump("up");
        assertThat(up.firstKey().toString()).contains("job=\"job1\"", "team=\"core\"");
        assertThat(up.firstEntry().getValue()).containsEntry(T0, bits(1));
        assertThat(dump("scrape_samples_scraped").firstEntry().getValue()).containsEntry(T0, bits(3)).containsEntry(T0 + 15_000, bits(1));
        assertThat(dump("scrape_series_added").firstEntry().getValue()).containsEntry(T0, bits(2)).containsEntry(T0 + 15_000, bits(0));
        assertThat(dump("scrape_samples_post_metric_relabeling")).hasSize(1);
        assertThat(dump("scrape_duration_seconds")).hasSize(1);
        // Target down: up=0 and every series of the last scrape is staled.
        clock.advance(Duration.ofSeconds(15));
        status.set(503);
        assertThat(l.scrapeOnce()).isFalse();
        assertThat(l.lastError()).contains("503");
        assertThat(dump("up").firstEntry().getValue()).containsEntry(T0 + 30_000, bits(0));
        assertThat(dump("a").get(base.toBuilder().set("x", "1").build())).containsEntry(T0 + 30_000, Values.STALE_NAN_BITS);
    }

    @Test
    void sc4OpenMetricsWithoutEofFailsTheScrape() {
        contentType.set("application/openmetrics-text; version=1.0.0; charset=utf-8");
        body.set("# TYPE foo counter\nfoo_total 1.0 # {trace_id=\"abc\"} 0.5 1700000000.5\n# EOF\n");
        ScrapeLoop l = loop(config(false, "/metrics", Map.of(), null, List.of()));
        assertThat(l.scrapeOnce()).isTrue();
        assertThat(storage.exemplars(0, Long.MAX_VALUE, List.of(List.of(LabelMatcher.eq("__name__", "foo_total")))))
                .singleElement().satisfies(e -> assertThat(e.exemplars().getFirst().labels()).isEqualTo(Labels.of("trace_id", "abc")));
        assertThat(storage.metadata("foo", 0)).containsKey("foo");
        clock.advance(Duration.ofSeconds(15));
        body.set("# TYPE foo counter\nfoo_total 2.0\n");
        assertThat(l.scrapeOnce()).isFalse();
        assertThat(l.lastError()).contains("does not end with # EOF");
        assertThat(dump("foo_total").firstEntry().getValue().lastEntry().getValue()).isEqualTo(Values.STALE_NAN_BITS);
    }

    @Test
    void sc8HonorLabelsAndSeedMetricRelabel() {
        body.set("m{job=\"scraped\",instance=\"inner\"} 1\n");
        loop(config(false, "/metrics", Map.of(), null,
                List.of(RelabelConfig.of(List.of(), null, null, null, "env", "production", null)))).scrapeOnce();
        Labels got = dump("m").firstKey();
        assertThat(got.get("job")).isEqualTo("job1");
        assertThat(got.get("exported_job")).isEqualTo("scraped");
        assertThat(got.get("exported_instance")).isEqualTo("inner");
        assertThat(got.get("env")).isEqualTo("production");
        MemoryStorage other = new MemoryStorage();
        new ScrapeLoop(ScrapeTarget.of(config(true, "/metrics", Map.of(), null, List.of())).getFirst(), other,
                HttpClient.newHttpClient(), clock).scrapeOnce();
        try (Querier q = other.querier(0, Long.MAX_VALUE)) {
            SeriesSet s = q.select(false, List.of(LabelMatcher.eq("__name__", "m")));
            s.next();
            assertThat(s.at().labels().get("job")).isEqualTo("scraped");
            assertThat(s.at().labels().get("instance")).isEqualTo("inner");
            assertThat(s.at().labels().get("team")).isEqualTo("core");
        }
    }

    @Test
    void sc10GzipAndSc11MissingContentType() {
        gzip.set(true);
        contentType.set(null);
        body.set("g 42\n");
        assertThat(loop(config(false, "/metrics", Map.of(), null, List.of())).scrapeOnce()).isTrue();
        assertThat(dump("g").firstEntry().getValue()).containsEntry(T0, bits(42));
    }
}
