package ai.gatewayz.obs.metrics.server.diff;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xerial.snappy.Snappy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Native histograms against Debian's Prometheus 2.42 ({@code --enable-feature=native-histograms}):
 * the same remote-write requests (integer counter histograms with a layout change and a counter
 * reset, a schema-3 histogram with negative buckets, a float gauge histogram) go to both, then
 * instant and range queries must answer identically, value strings and all, so every stored bucket
 * reads back bit-exact through the query API. Differences where we follow Prometheus 3.x are
 * listed in {@link #KNOWN_DIFFERENCES} with the reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metrics.query.max-samples=50000001")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeHistogramPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int POINTS = 40;
    private static final long STEP = 15_000;

    private static final String ZERO_POINT = "3.x (and the promqltest corpus) extrapolate a histogram counter's rate no "
            + "further back than its zero point, as for floats; 2.42 does not";

    /** Query → why Prometheus 2.42 answers differently (we follow 3.x). */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.ofEntries(
            Map.entry("rate(nh_rpc_seconds[2m])", ZERO_POINT), Map.entry("increase(nh_rpc_seconds[5m])", ZERO_POINT),
            Map.entry("histogram_count(rate(nh_rpc_seconds[1m]))", ZERO_POINT),
            Map.entry("sum by (job) (rate(nh_rpc_seconds[2m]))", ZERO_POINT),
            Map.entry("histogram_quantile(0.5, nh_rpc_seconds)",
                    "3.x interpolates exponential buckets on a log2 scale; 2.42 interpolates linearly"),
            Map.entry("histogram_quantile(0.9, rate(nh_rpc_seconds[2m]))",
                    "3.x interpolates exponential buckets on a log2 scale; 2.42 interpolates linearly"),
            Map.entry("histogram_fraction(0.5, 4, nh_rpc_seconds)",
                    "3.x interpolates exponential buckets on a log2 scale; 2.42 interpolates linearly"),
            Map.entry("nh_temp * 2",
                    "2.42 returns a histogram unchanged by scalar arithmetic; 3.x scales every count and the sum"),
            Map.entry("nh_temp / 4",
                    "2.42 returns a histogram unchanged by scalar arithmetic; 3.x scales every count and the sum"),
            Map.entry("last_over_time(nh_temp[1m])",
                    "2.42 answers a float 0 for a histogram series; 3.x returns the last histogram"));

    @LocalServerPort
    int port;

    PeerProcess prometheus;
    long base;
    final HttpClient http = HttpClient.newHttpClient();

    private static RemoteWriteV1.BucketSpan span(int offset, int length) {
        return RemoteWriteV1.BucketSpan.newBuilder().setOffset(offset).setLength(length).build();
    }

    private static RemoteWriteV1.Label label(String n, String v) {
        return RemoteWriteV1.Label.newBuilder().setName(n).setValue(v).build();
    }

    /** Counter histogram: counts grow by k; a third bucket appears at k = 10; a reset at k = 25. */
    static RemoteWriteV1.Histogram counterA(int k, long t) {
        int c = k < 25 ? k : k - 25;
        RemoteWriteV1.Histogram.Builder h = RemoteWriteV1.Histogram.newBuilder().setTimestamp(t).setSchema(0)
                .setZeroThreshold(1e-128).setZeroCountInt(c).setSum(c * 1.75);
        if (k < 10) {
            h.addPositiveSpans(span(0, 2)).addAllPositiveDeltas(List.of((long) c, (long) c));
            h.setCountInt(4L * c);
        } else {
            h.addPositiveSpans(span(0, 2)).addPositiveSpans(span(1, 1)).addAllPositiveDeltas(List.of((long) c, (long) c, -(long) c + 1));
            h.setCountInt(5L * c + 1);
        }
        return h.build();
    }

    /** Schema 3 with negative buckets. */
    static RemoteWriteV1.Histogram counterB(int k, long t) {
        return RemoteWriteV1.Histogram.newBuilder().setTimestamp(t).setSchema(3).setZeroThreshold(0.001)
                .setZeroCountInt(k).setCountInt(6L * k - k / 2).setSum(-0.3 * k)
                .addPositiveSpans(span(-2, 3)).addAllPositiveDeltas(List.of((long) k, 0L, 0L))
                .addNegativeSpans(span(4, 2)).addAllNegativeDeltas(List.of((long) k, -(long) k / 2)).build();
    }

    /** A float gauge histogram. */
    static RemoteWriteV1.Histogram gaugeC(int k, long t) {
        double x = (k % 7) * 0.5 + 1;
        return RemoteWriteV1.Histogram.newBuilder().setTimestamp(t).setSchema(-1).setZeroThreshold(0.5)
                .setZeroCountFloat(x).setCountFloat(5 * x + 1).setSum(x * 3.3)
                .addPositiveSpans(span(1, 2)).addAllPositiveCounts(List.of(x, 2 * x))
                .addNegativeSpans(span(0, 1)).addNegativeCounts(x + 1)
                .setResetHint(RemoteWriteV1.Histogram.ResetHint.GAUGE).build();
    }

    @BeforeAll
    void start() throws Exception {
        Peers.binary("prometheus");
        prometheus = PeerProcess.prometheus("global:\n  scrape_interval: 1h\n", "--enable-feature=native-histograms");
        base = (System.currentTimeMillis() - (POINTS + 4) * STEP) / 60_000 * 60_000;
        for (int k = 0; k < POINTS; k++) {
            long t = base + k * STEP;
            RemoteWriteV1.WriteRequest req = RemoteWriteV1.WriteRequest.newBuilder()
                    .addTimeseries(RemoteWriteV1.TimeSeries.newBuilder().addLabels(label("__name__", "nh_rpc_seconds"))
                            .addLabels(label("job", "a")).addHistograms(counterA(k, t)))
                    .addTimeseries(RemoteWriteV1.TimeSeries.newBuilder().addLabels(label("__name__", "nh_rpc_seconds"))
                            .addLabels(label("job", "b")).addHistograms(counterB(k, t)))
                    .addTimeseries(RemoteWriteV1.TimeSeries.newBuilder().addLabels(label("__name__", "nh_temp"))
                            .addLabels(label("job", "c")).addHistograms(gaugeC(k, t)))
                    .build();
            byte[] body = Snappy.compress(req.toByteArray());
            for (String url : List.of(prometheus.url(), ours())) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/write"))
                        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(url + ": " + r.body()).isBetween(200, 299);
            }
        }
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private String ours() {
        return "http://127.0.0.1:" + port;
    }

    private JsonNode get(String baseUrl, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The data section with results in label order (Prometheus does not sort vectors). */
    private static JsonNode normalized(JsonNode body) {
        JsonNode data = body.path("data").deepCopy();
        if (data.path("result").isArray()) {
            List<JsonNode> items = new ArrayList<>();
            data.path("result").forEach(items::add);
            items.sort((a, b) -> a.path("metric").toString().compareTo(b.path("metric").toString()));
            ArrayNode arr = ((ArrayNode) data.path("result"));
            arr.removeAll();
            items.forEach(arr::add);
        }
        return data;
    }

    static final List<String> QUERIES = List.of("nh_rpc_seconds", "nh_temp", "nh_rpc_seconds[2m]", "nh_temp[1m]",
            "rate(nh_rpc_seconds[2m])", "increase(nh_rpc_seconds[5m])", "histogram_count(nh_rpc_seconds)",
            "histogram_sum(nh_temp)", "histogram_count(rate(nh_rpc_seconds[1m]))", "sum(nh_rpc_seconds)",
            "sum by (job) (rate(nh_rpc_seconds[2m]))", "nh_temp * 2", "nh_temp / 4", "nh_rpc_seconds + nh_rpc_seconds",
            "histogram_quantile(0.5, nh_rpc_seconds)", "histogram_quantile(0.9, rate(nh_rpc_seconds[2m]))",
            "histogram_fraction(0.5, 4, nh_rpc_seconds)", "last_over_time(nh_temp[1m])", "count(nh_rpc_seconds)");

    @Test
    void queriesOverNativeHistogramsAnswerAsPrometheus() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (String q : QUERIES) {
            // Evaluation times never put a window's left edge on a sample: 2.42 closes range windows on
            // the left, 3.x (which we follow) opens them.
            for (long at : List.of(base + 5 * STEP + 7_000, base + 24 * STEP + 7_000, base + 26 * STEP + 3_000,
                    base + (POINTS - 1) * STEP + 1_000)) {
                String path = "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&time=" + at / 1000.0;
                JsonNode want = normalized(get(prometheus.url(), path));
                JsonNode got = normalized(get(ours(), path));
                compared++;
                if (!want.equals(got) && !KNOWN_DIFFERENCES.containsKey(q)) {
                    mismatches.add(q + " @" + at + "\n  prometheus: " + want + "\n  ours:       " + got);
                }
            }
            if (q.endsWith("]")) {
                continue;
            }
            String range = "/api/v1/query_range?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&start="
                    + (base + 61_000) / 1000 + "&end=" + (base + (POINTS - 1) * STEP) / 1000 + "&step=20";
            JsonNode want = normalized(get(prometheus.url(), range));
            JsonNode got = normalized(get(ours(), range));
            compared++;
            if (!want.equals(got) && !KNOWN_DIFFERENCES.containsKey(q)) {
                mismatches.add(q + " (range)\n  prometheus: " + want + "\n  ours:       " + got);
            }
        }
        assertThat(compared).isGreaterThan(80);
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    @Test
    void everyStoredHistogramReadsBackBitExact() throws Exception {
        String path = "/api/v1/query?query=" + URLEncoder.encode("{__name__=~\"nh_.*\"}[15m]", StandardCharsets.UTF_8)
                + "&time=" + (base + POINTS * STEP) / 1000.0;
        JsonNode want = normalized(get(prometheus.url(), path));
        JsonNode got = normalized(get(ours(), path));
        assertThat(got.path("result")).hasSize(3);
        assertThat(got.path("result").get(0).path("histograms")).hasSize(POINTS);
        assertThat(got).isEqualTo(want);
    }
}
