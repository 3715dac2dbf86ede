package ai.gatewayz.obs.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.testkit.PeerProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against Debian's Prometheus 2.42 started with {@code --web.enable-remote-write-receiver}
 * (wire-protocols.md §1.6, RW-17) and {@code --enable-feature=exemplar-storage}: samples come back
 * from {@code /api/v1/query} with the same labels, timestamps and values (bit for bit), exemplars from
 * {@code /api/v1/query_exemplars}, a 400 from Prometheus is not retried, a stale marker ends the
 * series. Skipped without the peer, failed under REQUIRE_PEERS=1.
 */
class PrometheusReceiverTest {
    private static PeerProcess prom;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        prom = PeerProcess.prometheus("global: {scrape_interval: 1h}\n", "--enable-feature=exemplar-storage");
    }

    @AfterAll
    static void stop() {
        if (prom != null) {
            prom.close();
        }
    }

    private RemoteWriteClient client() {
        return new RemoteWriteClient(RemoteWriteOptions.defaults(URI.create(prom.url() + "/api/v1/write"))
                .withQueue(2, 1000, 100, 20).withBackoff(5, 50).withExternalLabels(Labels.of("ruler", "log-store")),
                Clock.systemUTC());
    }

    private String query(String q, long timeMs) throws Exception {
        String url = prom.url() + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&time="
                + (timeMs / 1000.0);
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** [t ms, value bits] of a range-vector query's only series. */
    private List<long[]> rawSamples(String selector, long atMs) throws Exception {
        String body = query(selector + "[10m]", atMs);
        assertThat(body).contains("\"status\":\"success\"");
        List<long[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\[([0-9.]+),\"([^\"]+)\"\\]").matcher(body);
        while (m.find()) {
            long t = Math.round(Double.parseDouble(m.group(1)) * 1000);
            out.add(new long[] {t, Double.doubleToRawLongBits(Double.parseDouble(m.group(2)))});
        }
        return out;
    }

    @Test
    void samplesAreQueryableBackBitExact() throws Exception {
        long now = System.currentTimeMillis() / 1000 * 1000;
        double[] values = {0.1, 1.0 / 3, -2.5e-300, 12345678901234.5, 7};
        Labels series = Labels.of("__name__", "loki:gateway_errors:rate5m", "provider", "openai");
        try (RemoteWriteClient c = client()) {
            for (int i = 0; i < values.length; i++) {
                c.append(series, now - 240_000 + i * 30_000, values[i]);
            }
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(c.stats().samplesSent()).isEqualTo(values.length);
            assertThat(c.stats().samplesFailed()).isZero();
        }
        List<long[]> got = rawSamples("loki:gateway_errors:rate5m{provider=\"openai\",ruler=\"log-store\"}", now);
        assertThat(got).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(got.get(i)[0]).isEqualTo(now - 240_000 + i * 30_000);
            assertThat(got.get(i)[1]).isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void staleMarkerEndsTheSeriesInPrometheus() throws Exception {
        long now = System.currentTimeMillis() / 1000 * 1000;
        Labels series = Labels.of("__name__", "loki:stale_test", "provider", "groq");
        try (RemoteWriteClient c = client()) {
            c.append(series, now - 60_000, 1);
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(query("loki:stale_test", now - 30_000)).contains("\"provider\":\"groq\"");
            c.appendRawBits(series, now - 20_000, 0x7ff0000000000002L);
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
        }
        // an instant query within the lookback window after the marker finds nothing
        assertThat(query("loki:stale_test", now - 10_000)).contains("\"result\":[]");
    }

    @Test
    void prometheusRejectionIsNotRetried() throws Exception {
        long now = System.currentTimeMillis();
        try (RemoteWriteClient c = client()) {
            c.append(Labels.of("__name__", "loki:recent"), now, 1);
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            // far outside the head block's time range: Prometheus answers 400 (out of bounds)
            c.append(Labels.of("__name__", "loki:too_old"), now - 30L * 24 * 3600 * 1000, 1);
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            RemoteWriteStats s = c.stats();
            assertThat(s.samplesFailed()).isEqualTo(1);
            assertThat(s.samplesRetried()).isZero();
            assertThat(s.requests()).isEqualTo(2);
            assertThat(s.lastError()).startsWith("remote write failed [status=400");
        }
    }

    @Test
    void exemplarsAreQueryableFromQueryExemplars() throws Exception {
        long now = System.currentTimeMillis() / 1000 * 1000;
        Labels bucket = Labels.of("__name__", "traces_spanmetrics_latency_bucket", "service", "gatewayz-api", "le", "0.512");
        try (RemoteWriteClient c = client()) {
            c.appendWithExemplar(bucket, now - 30_000, 5, new Exemplar(Labels.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
                    0.375, now - 31_000));
            assertThat(c.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(c.stats().samplesFailed()).as(c.stats().lastError()).isZero();
        }
        String url = prom.url() + "/api/v1/query_exemplars?query="
                + URLEncoder.encode("traces_spanmetrics_latency_bucket{service=\"gatewayz-api\"}", StandardCharsets.UTF_8)
                + "&start=" + (now - 120_000) / 1000 + "&end=" + now / 1000;
        String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("\"status\":\"success\"").contains("\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"")
                .contains("\"value\":\"0.375\"").contains("\"timestamp\":" + (now - 31_000) / 1000);
    }
}
