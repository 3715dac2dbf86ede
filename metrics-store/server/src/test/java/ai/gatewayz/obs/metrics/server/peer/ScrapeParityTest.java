package ai.gatewayz.obs.metrics.server.peer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.scrape.FloatFormat;
import ai.gatewayz.obs.metrics.server.write.RwClient;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Debian's Prometheus 2.42 and metrics-store's own scraper (configured by a prometheus.yml given as
 * {@code config.file}) scrape the same two targets serving the exposition corpus (text 0.0.4 with
 * 237 families; OpenMetrics with exemplars and {@code _created}); both must store the same series
 * with the same values. Documented deviation: {@code le}/{@code quantile} values are normalised like
 * Prometheus 3 ({@code "1"} → {@code "1.0"}), so Prometheus 2.42's text-format values are
 * normalised the same way before comparing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metrics.scrape.enabled=true")
class ScrapeParityTest {
    static ExpositionTarget text;
    static ExpositionTarget om;
    static Path dir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Path corpus = Peers.corpus("prometheus-exposition");
        text = new ExpositionTarget(Files.readString(corpus.resolve("alltypes.237mfs.prom.txt")));
        om = new ExpositionTarget(Files.readString(corpus.resolve("alltypes.5mfs.om.txt")));
        om.contentType("application/openmetrics-text; version=1.0.0; charset=utf-8");
        dir = Files.createTempDirectory("scrape-parity");
        Files.writeString(dir.resolve("prometheus.yml"), config());
        r.add("suite.data-dir", () -> dir.resolve("data").toString());
        r.add("config.file", () -> dir.resolve("prometheus.yml").toString());
    }

    static String config() {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: parity_text
                    static_configs:
                      - targets: ['%s']
                  - job_name: parity_om
                    static_configs:
                      - targets: ['%s']
                """.formatted(text.address(), om.address());
    }

    @AfterAll
    static void stopTargets() {
        text.close();
        om.close();
    }

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();

    private static String normalise(String name, String value) {
        if (name.equals("le") || name.equals("quantile")) {
            Double f = ai.gatewayz.obs.common.GoFloat.parse(value);
            return f == null ? value : FloatFormat.openMetrics(f);
        }
        return value;
    }

    /** labels → value bits of the newest sample. */
    private TreeMap<String, Long> ours(RwClient c, String job) {
        TreeMap<String, Long> out = new TreeMap<>();
        for (JsonNode s : json.readTree(c.readRaw(null, "{job=\"" + job + "\"}")).get("data")) {
            JsonNode samples = s.get("samples");
            if (samples.isEmpty()) {
                continue;
            }
            TreeMap<String, String> l = new TreeMap<>();
            s.get("labels").properties().forEach(e -> l.put(e.getKey(), e.getValue().asString()));
            long bits = Long.parseUnsignedLong(samples.get(samples.size() - 1).get(2).asString(), 16);
            if (bits != 0x7ff0000000000002L) {
                out.put(l.toString(), bits);
            }
        }
        return out;
    }

    private TreeMap<String, Long> theirs(RwClient prom, String job) {
        var r = prom.get("/api/v1/query?query=" + URLEncoder.encode("{job=\"" + job + "\"}", StandardCharsets.UTF_8), null);
        TreeMap<String, Long> out = new TreeMap<>();
        for (JsonNode s : json.readTree(r.body()).get("data").get("result")) {
            TreeMap<String, String> l = new TreeMap<>();
            s.get("metric").properties().forEach(e -> l.put(e.getKey(), normalise(e.getKey(), e.getValue().asString())));
            String v = s.get("value").get(1).asString();
            double d = switch (v) {
                case "NaN" -> Double.longBitsToDouble(0x7ff8000000000001L);
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(v);
            };
            out.put(l.toString(), Double.doubleToRawLongBits(d));
        }
        return out;
    }

    @Test
    void ourScraperAndPrometheusStoreTheSameSeries() throws Exception {
        Peers.binary("prometheus");
        String promConfig = config();
        try (PeerProcess prom = PeerProcess.prometheus(promConfig)) {
            RwClient promClient = new RwClient(prom.url());
            RwClient client = new RwClient("http://127.0.0.1:" + port);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline
                    && (ours(client, "parity_text").size() < 100 || theirs(promClient, "parity_text").size() < 100
                    || ours(client, "parity_om").isEmpty() || theirs(promClient, "parity_om").isEmpty())) {
                Thread.sleep(300);
            }
            for (String job : new String[] {"parity_text", "parity_om"}) {
                TreeMap<String, Long> mine = ours(client, job);
                TreeMap<String, Long> prometheus = theirs(promClient, job);
                // Synthetic series differ in value (durations, timing); compare their presence only.
                for (String synthetic : new String[] {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                    "scrape_samples_post_metric_relabeling", "scrape_series_added"}) {
                    String key = "__name__=" + synthetic + ",";
                    assertThat(mine.keySet().stream().filter(k -> k.contains(key)).count()).as(job + " " + synthetic).isEqualTo(1);
                    assertThat(prometheus.keySet().stream().filter(k -> k.contains(key)).count()).isEqualTo(1);
                    mine.keySet().removeIf(k -> k.contains(key));
                    prometheus.keySet().removeIf(k -> k.contains(key));
                }
                assertThat(mine.keySet()).as(job + " series").isEqualTo(prometheus.keySet());
                java.util.List<String> diffs = new java.util.ArrayList<>();
                mine.forEach((k, v) -> {
                    if (!v.equals(prometheus.get(k)) && diffs.size() < 10) {
                        diffs.add(k + " ours=" + Long.toHexString(v) + " prometheus=" + Long.toHexString(prometheus.get(k)));
                    }
                });
                assertThat(diffs).as(job + " values").isEmpty();
                System.out.println(job + ": " + mine.size() + " series identical to Prometheus 2.42");
            }
        } catch (UncheckedIOException e) {
            throw e;
        }
    }
}
