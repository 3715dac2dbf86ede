package ai.gatewayz.obs.metrics.server.peer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.server.write.RwClient;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Debian's real Prometheus 2.42 scrapes a loopback target and remote-writes to metrics-store.
 * Every sample Prometheus stored is read back from metrics-store bit-exact, and the staleness
 * markers Prometheus wrote (a series vanishing, then the target going down) arrive with their
 * exact bits {@code 0x7ff0000000000002}. (Debian's 2.42 build does not send remote_write
 * {@code headers}, so the samples land in the default tenant.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metrics.scrape.enabled=false")
class PrometheusRemoteWriteTest {
    static final String BODY = """
            # HELP rw_gauge A gauge with awkward values.
            # TYPE rw_gauge gauge
            rw_gauge{k="a"} 1.5
            rw_gauge{k="tiny"} -1.23e-300
            rw_gauge{k="sum"} 0.30000000000000004
            rw_gauge{k="nan"} NaN
            rw_gauge{k="inf"} +Inf
            rw_gauge{k="ninf"} -Inf
            # TYPE rw_requests_total counter
            rw_requests_total{code="200",path="/v1/chat"} 12345678901234
            rw_requests_total{code="500",path="/v1/chat"} 3
            # TYPE rw_gone gauge
            rw_gone{reason="vanishes"} 7
            """;

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();

    /** series (labels map as string) → t → raw bits, from our raw read. */
    private TreeMap<String, TreeMap<Long, Long>> ours(RwClient client, String selector) {
        TreeMap<String, TreeMap<Long, Long>> out = new TreeMap<>();
        JsonNode root = json.readTree(client.readRaw(null, selector));
        for (JsonNode s : root.get("data")) {
            TreeMap<Long, Long> samples = new TreeMap<>();
            for (JsonNode p : s.get("samples")) {
                samples.put(p.get(0).asLong(), Long.parseUnsignedLong(p.get(2).asString(), 16));
            }
            out.put(s.get("labels").toString(), samples);
        }
        return out;
    }

    /** The same from Prometheus's own TSDB via a range selector (stale markers are not returned there). */
    private TreeMap<String, TreeMap<Long, Long>> theirs(PeerProcess prom, RwClient promClient, String selector) {
        String q = URLEncoder.encode(selector + "[1h]", StandardCharsets.UTF_8);
        var r = promClient.get("/api/v1/query?query=" + q + "&time=" + (System.currentTimeMillis() / 1000.0 + 1), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        TreeMap<String, TreeMap<Long, Long>> out = new TreeMap<>();
        for (JsonNode s : json.readTree(r.body()).get("data").get("result")) {
            TreeMap<Long, Long> samples = new TreeMap<>();
            for (JsonNode p : s.get("values")) {
                long t = new BigDecimal(p.get(0).asString()).movePointRight(3).longValueExact();
                samples.put(t, Double.doubleToRawLongBits(parseGo(p.get(1).asString())));
            }
            // Our labels JSON is sorted by name like Prometheus's metric object.
            out.put(new TreeMap<>(json.convertValue(s.get("metric"), Map.class)).toString(), samples);
        }
        return out;
    }

    private static double parseGo(String s) {
        return switch (s) {
            case "NaN" -> Double.longBitsToDouble(0x7ff8000000000001L); // Go's math.NaN()
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private static String key(String labelsJson, ObjectMapper json) {
        return new TreeMap<>(json.readValue(labelsJson, Map.class)).toString();
    }

    @Test
    void everySampleSentByPrometheusIsStoredBitExactWithStaleMarkers() throws Exception {
        Peers.binary("prometheus");
        try (ExpositionTarget target = new ExpositionTarget(BODY)) {
            String config = """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 900ms
                    scrape_configs:
                      - job_name: target
                        static_configs:
                          - targets: ['%s']
                    remote_write:
                      - url: http://127.0.0.1:%d/api/v1/write
                        queue_config:
                          batch_send_deadline: 200ms
                          max_samples_per_send: 200
                          min_backoff: 50ms
                    """.formatted(target.address(), port);
            RwClient client = new RwClient("http://127.0.0.1:" + port);
            try (PeerProcess prom = PeerProcess.prometheus(config)) {
                RwClient promClient = new RwClient(prom.url());
                waitFor(() -> target.scrapes() >= 4, 20_000, "4 scrapes");
                target.set(BODY.replace("# TYPE rw_gone gauge\nrw_gone{reason=\"vanishes\"} 7\n", ""));
                int at = target.scrapes();
                waitFor(() -> target.scrapes() >= at + 3, 20_000, "3 more scrapes");
                target.set(null); // target down: Prometheus stales every series of it
                int down = target.scrapes();
                waitFor(() -> target.scrapes() >= down + 2, 20_000, "2 failed scrapes");
                // Wait until the stale markers of the down target reached us.
                try {
                    waitFor(() -> ours(client, "{__name__=~\"rw_.*\"}").values().stream()
                            .allMatch(m -> !m.isEmpty() && m.lastEntry().getValue() == 0x7ff0000000000002L)
                            && ours(client, "{__name__=~\"rw_.*\"}").size() == 9, 30_000, "stale markers");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nours: " + ours(client, "{__name__=~\".+\"}")
                            + "\nprometheus log:\n" + prom.logTail(), e);
                }
                TreeMap<String, TreeMap<Long, Long>> mine = ours(client, "{__name__=~\"rw_.*\"}");
                TreeMap<String, TreeMap<Long, Long>> prometheus = theirs(prom, promClient, "{__name__=~\"rw_.*\"}");
                TreeMap<String, TreeMap<Long, Long>> mineNormalised = new TreeMap<>();
                mine.forEach((k, v) -> mineNormalised.put(key(k, json), v));
                assertThat(mineNormalised.keySet()).isEqualTo(prometheus.keySet());
                int staleMarkers = 0;
                int samples = 0;
                for (var e : prometheus.entrySet()) {
                    TreeMap<Long, Long> m = new TreeMap<>(mineNormalised.get(e.getKey()));
                    List<Long> stale = new ArrayList<>();
                    m.forEach((t, bits) -> {
                        if (bits == 0x7ff0000000000002L) {
                            stale.add(t);
                        }
                    });
                    stale.forEach(m::remove);
                    staleMarkers += stale.size();
                    samples += m.size();
                    assertThat(m).as("samples of %s", e.getKey()).isEqualTo(e.getValue());
                    assertThat(stale).as("stale markers of %s", e.getKey()).isNotEmpty();
                    assertThat(stale.getLast()).isGreaterThan(e.getValue().lastKey());
                }
                // rw_gone vanished while the target was still up: its marker precedes the target going down.
                assertThat(staleMarkers).isGreaterThanOrEqualTo(9);
                assertThat(samples).isGreaterThanOrEqualTo(9 * 4);
                // A normal NaN stays Go's NaN (0x7ff8000000000001), not a stale marker.
                String nanKey = prometheus.keySet().stream().filter(k -> k.contains("k=nan")).findFirst().orElseThrow();
                assertThat(mineNormalised.get(nanKey).firstEntry().getValue()).isEqualTo(0x7ff8000000000001L);
                // up and scrape_* series arrive too, bit-exact for the time both have.
                TreeMap<String, TreeMap<Long, Long>> upOurs = new TreeMap<>();
                ours(client, "up").forEach((k, v) -> upOurs.put(key(k, json), v));
                TreeMap<String, TreeMap<Long, Long>> upTheirs = theirs(prom, promClient, "up");
                assertThat(upOurs.keySet()).isEqualTo(upTheirs.keySet());
                upOurs.forEach((k, v) -> assertThat(upTheirs.get(k)).containsAllEntriesOf(v));
                assertThat(upOurs.values().iterator().next().containsValue(0L)).as("up=0 while down").isTrue();
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, long millis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
