package ai.gatewayz.obs.sim.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.gatewayz.obs.sim.catalog.Model;
import ai.gatewayz.obs.sim.core.Attempt;
import ai.gatewayz.obs.sim.core.AttemptResult;
import ai.gatewayz.obs.sim.core.ChatRequest;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Stage;
import ai.gatewayz.obs.sim.core.VelocityMode;
import ai.gatewayz.obs.sim.routing.BreakerState;
import ai.gatewayz.obs.sim.support.Contract;
import ai.gatewayz.obs.sim.support.Exposition;
import ai.gatewayz.obs.testkit.Peers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every histogram family of gateway-sim, fed known values through the same calls the simulation
 * makes (values in every bucket's middle, on every bound, and 1 ms, 0.51 s and 42 s for the
 * second-valued ones), then scraped over HTTP from the real {@code /metrics} and parsed: each
 * cumulative bucket must have grown by exactly the number of values at or below its bound,
 * {@code _count} by all of them and {@code _sum} by their sum, with the contract's bounds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sim.traffic.enabled=false", "sim.traces.enabled=false", "sim.logs.enabled=false", "sim.profiles.enabled=false",
    "sim.metrics.fill-unwritten=true"})
class HistogramDistributionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Model MODEL = new Model("dist-model", "dist/model", "dist", List.of("dist-provider"), 1.0, 2.0, false);

    @LocalServerPort
    int port;

    @Autowired
    GatewayMetrics metrics;

    /** Feeds one value (seconds, bytes or USD, as the family counts) into one family through the simulation's calls. */
    @FunctionalInterface
    interface Feed {
        void record(GatewayMetrics m, double value, long seq);
    }

    /**
     * One family: how the simulation feeds it, and whether its values pass through whole
     * milliseconds (durations the simulator keeps in ms).
     */
    record Family(String name, Feed feed, boolean wholeMs, boolean seconds) {
    }

    static Stream<Arguments> families() {
        return Stream.of(
            new Family("fastapi_requests_duration_seconds", (m, v, s) -> m.http("POST", "/v1/chat/completions", 200, v, 10, 10), false, true),
            new Family("http_request_duration_seconds", (m, v, s) -> m.http("GET", "/v1/models", 200, v, 10, 10), false, true),
            new Family("fastapi_request_size_bytes", (m, v, s) -> m.http("POST", "/v1/chat/completions", 200, 0.01, (long) v, 10), false, false),
            new Family("fastapi_response_size_bytes", (m, v, s) -> m.http("POST", "/v1/chat/completions", 200, 0.01, 10, (long) v), false, false),
            new Family("request_stage_duration_seconds", (m, v, s) -> m.outcome(stageOutcome(ms(v), s)), true, true),
            new Family("frontend_processing_seconds", (m, v, s) -> m.outcome(stageOutcome(ms(v), s)), true, true),
            new Family("model_inference_duration_seconds", (m, v, s) -> m.outcome(callOutcome(0, ms(v), 0, 0, false, 0.001, MODEL, s)), true, true),
            new Family("provider_response_duration_seconds", (m, v, s) -> m.outcome(callOutcome(0, ms(v), 0, 0, false, 0.001, MODEL, s)), true, true),
            new Family("provider_response_time_seconds", (m, v, s) -> m.outcome(callOutcome(0, ms(v), 0, 0, false, 0.001, MODEL, s)), true, true),
            new Family("backend_ttfb_seconds", (m, v, s) -> m.outcome(callOutcome(0, ms(v) + 5, ms(v), 0, false, 0.001, MODEL, s)), true, true),
            new Family("time_to_first_chunk_seconds", (m, v, s) -> m.outcome(callOutcome(0, ms(v) + 5, 1, ms(v), true, 0.001, MODEL, s)), true, true),
            new Family("streaming_duration_seconds", (m, v, s) -> m.outcome(callOutcome(0, ms(v) + 7, 1, 7, true, 0.001, MODEL, s)), true, true),
            // the backend's credit deduction latency is the simulator's own function of the sequence number
            new Family("gatewayz_credit_deduction_latency_seconds", (m, v, s) -> m.outcome(callOutcome(0, 100, 0, 0, false, 0.001, MODEL,
                creditSeq(v))), false, true),
            new Family("gatewayz_api_cost_per_request_usd", (m, v, s) -> m.outcome(callOutcome(0, 100, 0, 0, false, v, MODEL, s)), false, false),
            new Family("gatewayz_cost_per_1k_tokens_usd", (m, v, s) -> m.outcome(callOutcome(0, 100, 0, 0, false, 0.001,
                new Model("dist-model", "dist/model", "dist", List.of("dist-provider"), 1.0, v * 1000, false), s)), false, false),
            new Family("velocity_mode_duration_seconds", (m, v, s) -> m.velocity(new VelocityMode.Change(false, true, 0, 0, 0, ms(v))), true, true)
        ).map(f -> Arguments.of(f.name(), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void scrapedBucketsHoldWhatWasObserved(String name, Family family) throws Exception {
        List<Double> bounds = contractBounds(name);
        List<Double> values = family.name().equals("gatewayz_credit_deduction_latency_seconds") ? creditValues() : values(bounds, family);
        Exposition before = scrape(false);
        long seq = 0;
        for (double v : values) {
            family.feed().record(metrics, v, seq++);
        }
        Exposition after = scrape(false);
        Exposition.Family f = after.family(name);
        assertThat(f).as(name + " in the exposition").isNotNull();
        assertThat(f.type).isEqualTo("histogram");
        assertThat(new ArrayList<>(f.buckets())).as(name + " bounds").isEqualTo(bounds);
        Map<Double, Double> grown = bucketDelta(before, after, name);
        List<String> wrong = new ArrayList<>();
        for (double b : bounds) {
            long expected = values.stream().filter(v -> v <= b).count();
            if (grown.getOrDefault(b, 0.0) != expected) {
                wrong.add("le=" + b + ": grew by " + grown.getOrDefault(b, 0.0) + ", observed " + expected + " values <= " + b);
            }
        }
        if (grown.getOrDefault(Double.POSITIVE_INFINITY, 0.0) != values.size()) {
            wrong.add("le=+Inf: grew by " + grown.get(Double.POSITIVE_INFINITY) + ", observed " + values.size());
        }
        assertThat(wrong).as(name + " values " + values).isEmpty();
        assertThat(sum(after, name + "_count") - sum(before, name + "_count")).isEqualTo(values.size());
        double expectedSum = values.stream().mapToDouble(Double::doubleValue).sum();
        assertThat(sum(after, name + "_sum") - sum(before, name + "_sum")).isCloseTo(expectedSum, within(1e-9 * Math.max(1, expectedSum)));
        // the OpenMetrics rendering of the same registry is well-formed too (strict parser: cumulative, +Inf == _count)
        assertThat(scrape(true).family(name)).isNotNull();
    }

    /** Values in each bucket's middle (a quarter, half and three quarters in), on each bound, and 1 ms, 0.51 s, 42 s. */
    static List<Double> values(List<Double> bounds, Family family) {
        List<Double> out = new ArrayList<>();
        double lower = 0;
        for (double b : bounds) {
            for (double frac : new double[] {0.25, 0.5, 0.75}) {
                out.add(lower + (b - lower) * frac);
            }
            out.add(b);
            lower = b;
        }
        for (double mult : new double[] {1.5, 2, 10}) {
            out.add(lower * mult);
        }
        if (family.seconds()) {
            out.addAll(List.of(0.001, 0.51, 42.0));
        }
        List<Double> as = new ArrayList<>();
        for (double v : out) {
            // what the simulator keeps: whole ms for its timeline durations, whole bytes for sizes
            double kept = family.wholeMs() ? ms(v) / 1000.0 : family.name().endsWith("_bytes") ? Math.floor(v) : v;
            as.add(kept);
        }
        return as;
    }

    private static List<Double> creditValues() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            out.add(0.004 + i * 0.003);
        }
        return out;
    }

    /** The sequence number for which the simulated credit deduction takes {@code v} (0.004 s plus 3 ms per step of seq mod 7). */
    private static long creditSeq(double v) {
        return Math.round((v - 0.004) / 0.003);
    }

    private static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }

    private static Outcome stageOutcome(long parsingMs, long seq) {
        return outcome(seq, List.of(new Stage("request_parsing", null, null, false, 0, parsingMs)), List.of(), false, 0, 0, null);
    }

    private static Outcome callOutcome(long startMs, long durationMs, long callTtfcMs, long ttfcMs, boolean stream, double cost, Model model,
                                       long seq) {
        Attempt a = new Attempt("dist-provider", model.canonical(), startMs, durationMs, callTtfcMs, AttemptResult.SUCCESS, BreakerState.CLOSED, 0,
            null);
        return outcome(seq, List.of(), List.of(a), stream, ttfcMs, cost, model);
    }

    private static Outcome outcome(long seq, List<Stage> stages, List<Attempt> attempts, boolean stream, long ttfcMs, double cost, Model model) {
        ChatRequest req = new ChatRequest("gw-sim-key-1", "dist-model", stream, 10, "k", 0, Double.NaN);
        return new Outcome(seq, "chatcmpl-dist", Instant.EPOCH, req, null, model, 200, null, null, null, stages, attempts, "dist-provider",
            3, 4, cost, 100, ttfcMs, false, false, false, 1, "stop", null);
    }

    private static List<Double> contractBounds(String name) throws Exception {
        for (Contract.Metric m : Contract.metrics(Peers.shared("contracts/gatewayz-telemetry.md"))) {
            if (m.name().equals(name)) {
                assertThat(m.type()).isEqualTo("histogram");
                return m.buckets();
            }
        }
        throw new AssertionError("no contract row for " + name);
    }

    private static Map<Double, Double> bucketDelta(Exposition before, Exposition after, String name) {
        Map<Double, Double> d = new TreeMap<>();
        add(d, after, name, 1);
        add(d, before, name, -1);
        return d;
    }

    private static void add(Map<Double, Double> into, Exposition e, String name, int sign) {
        Exposition.Family f = e.family(name);
        if (f == null) {
            return;
        }
        for (Exposition.Sample s : f.samples) {
            if (s.name().equals(name + "_bucket")) {
                double le = s.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s.labels().get("le"));
                into.merge(le, sign * s.value(), Double::sum);
            }
        }
    }

    private static double sum(Exposition e, String sample) {
        String family = sample.substring(0, sample.lastIndexOf('_'));
        Exposition.Family f = e.family(family);
        return f == null ? 0 : f.sum(sample, Map.of());
    }

    private Exposition scrape(boolean openMetrics) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30));
        if (openMetrics) {
            b.header("Accept", "application/openmetrics-text; version=1.0.0");
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return Exposition.parse(r.body(), openMetrics);
    }
}
