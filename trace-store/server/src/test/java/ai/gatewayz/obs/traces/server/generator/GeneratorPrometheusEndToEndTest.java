package ai.gatewayz.obs.traces.server.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.FreePorts;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.traces.server.TraceApiClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end through real peers: gateway-sim-shaped traces (SERVER route span, provider HTTP client
 * span with {@code peer.service}, Redis client span) go over OTLP/HTTP from the OpenTelemetry SDK
 * exporter into trace-store, whose generator (configured by a Tempo-format {@code CONFIG_FILE})
 * remote-writes into Debian's Prometheus 2.42 ({@code --web.enable-remote-write-receiver}); the
 * PromQL that Grafana's service graph and APM table send (contract 3.7) returns the edges and
 * per-span-name series, with counts equal to the spans stored, and the latency buckets' exemplars
 * from {@code /api/v1/query_exemplars} name stored traces by {@code trace_id}. Skipped without Prometheus, failed
 * under REQUIRE_PEERS=1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after the class: its static @TempDir is deleted then, and a cached context's storage
// maintenance would log errors into later tests that assert a clean log
@DirtiesContext
class GeneratorPrometheusEndToEndTest {
    static final int HTTP = FreePorts.next();
    static final int REQUESTS = 12;
    static final int FAILED = 3;
    static PeerProcess prom;
    static Path config;

    @TempDir
    static Path dir;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startPrometheus() throws Exception {
        prom = PeerProcess.prometheus("global: {scrape_interval: 1h}\n", "--enable-feature=exemplar-storage");
        config = dir.resolve("tempo.yaml");
        Files.writeString(config, """
                server: {http_listen_port: 3200}
                metrics_generator:
                  registry:
                    collection_interval: 1s
                  processor:
                    service_graphs:
                      wait: 1s
                      dimensions: [gen_ai.system]
                    span_metrics:
                      dimensions: [gen_ai.system, gen_ai.request.model]
                  storage:
                    remote_write:
                      - url: %s/api/v1/write
                overrides:
                  defaults:
                    metrics_generator:
                      processors: [service-graphs, span-metrics]
                """.formatted(prom.url()));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prom != null) {
            prom.close();
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dir.resolve("data").toString());
        r.add("traces.http-port", () -> HTTP);
        r.add("config.file", () -> config.toString());
        r.add("traces.generator.tick", () -> "100ms");
    }

    @Test
    void serviceGraphAndApmQueriesSeeTheGatewayTraffic() throws Exception {
        sendGatewayTraffic();
        // the service graph: Grafana's instant query over the range, grouped by (client, server)
        Map<String, Double> edges = await("sum by (client, server) (traces_service_graph_request_total)", 3, REQUESTS);
        assertThat(edges).isEqualTo(Map.of("{client=gatewayz-api,server=openai}", (double) REQUESTS,
                "{client=gatewayz-api,server=upstash-redis}", (double) REQUESTS, "{client=user,server=gatewayz-api}", (double) REQUESTS));
        assertThat(vector("sum by (client, server) (traces_service_graph_request_failed_total)"))
                .isEqualTo(Map.of("{client=gatewayz-api,server=openai}", (double) FAILED));
        assertThat(vector("sum by (client, server) (rate(traces_service_graph_request_total[5m]))")).containsOnlyKeys(edges.keySet())
                .allSatisfy((k, v) -> assertThat(v).isPositive());
        assertThat(vector("sum by (client, server) (traces_service_graph_request_server_seconds_count)")).isEqualTo(edges);
        // the APM table
        assertThat(vector("sum by (span_name) (traces_spanmetrics_calls_total{span_kind=\"SPAN_KIND_SERVER\"})"))
                .isEqualTo(Map.of("{span_name=POST /v1/chat/completions}", (double) REQUESTS));
        assertThat(vector("sum by (span_name) (traces_spanmetrics_calls_total{status_code=\"STATUS_CODE_ERROR\"})"))
                .isEqualTo(Map.of("{span_name=POST}", (double) FAILED));
        assertThat(vector("sum by (gen_ai_system) (traces_spanmetrics_calls_total{span_name=\"POST\"})"))
                .isEqualTo(Map.of("{gen_ai_system=openai}", (double) REQUESTS));
        Map<String, Double> p90 = vector("histogram_quantile(.9, sum by (le) (rate(traces_spanmetrics_latency_bucket"
                + "{span_kind=\"SPAN_KIND_SERVER\"}[5m])))");
        assertThat(p90).hasSize(1);
        assertThat(p90.values().iterator().next()).isBetween(0.256, 0.512); // every route span lasts 300 ms
        // and the counts agree with the traces trace-store stored
        var search = new TraceApiClient(port).get("/api/search?q=" + URLEncoder.encode("{ span.peer.service = \"openai\" }",
                StandardCharsets.UTF_8) + "&limit=100");
        assertThat(search.status()).isEqualTo(200);
        assertThat(Pattern.compile("\"traceID\"").matcher(search.body()).results().count()).isEqualTo(REQUESTS);
        // metrics → traces: the exemplars of the latency buckets are trace ids trace-store holds
        java.util.Set<String> stored = new java.util.TreeSet<>();
        Pattern.compile("\"traceID\":\"([0-9a-f]+)\"").matcher(search.body()).results().forEach(r -> stored.add(strip(r.group(1))));
        long now = System.currentTimeMillis() / 1000;
        String ex = HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(prom.url() + "/api/v1/query_exemplars?query="
                + URLEncoder.encode("traces_spanmetrics_latency_bucket{span_kind=\"SPAN_KIND_SERVER\"}", StandardCharsets.UTF_8)
                + "&start=" + (now - 600) + "&end=" + (now + 60))).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(ex).contains("\"status\":\"success\"");
        java.util.List<String> exemplarIds = Pattern.compile("\"trace_id\":\"([0-9a-f]+)\"").matcher(ex).results()
                .map(r -> strip(r.group(1))).toList();
        assertThat(exemplarIds).as(ex).isNotEmpty();
        assertThat(stored).containsAll(exemplarIds);
    }

    private static String strip(String hex) {
        return hex.replaceFirst("^0+", "");
    }

    private void sendGatewayTraffic() {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + HTTP + "/v1/traces").build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "gatewayz-api")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            Tracer tracer = provider.get("gateway-sim");
            long base = System.currentTimeMillis() * 1_000_000L;
            for (int i = 0; i < REQUESTS; i++) {
                long t0 = base + i * 1_000_000L;
                Span root = tracer.spanBuilder("POST /v1/chat/completions").setSpanKind(SpanKind.SERVER).setNoParent()
                        .setStartTimestamp(t0, TimeUnit.NANOSECONDS).setAttribute("http.route", "/v1/chat/completions").startSpan();
                Context ctx = Context.root().with(root);
                tracer.spanBuilder("GET").setParent(ctx).setSpanKind(SpanKind.CLIENT).setStartTimestamp(t0, TimeUnit.NANOSECONDS)
                        .setAttribute("db.system", "redis").setAttribute("peer.service", "upstash-redis").startSpan()
                        .end(t0 + 2_000_000L, TimeUnit.NANOSECONDS);
                Span http = tracer.spanBuilder("POST").setParent(ctx).setSpanKind(SpanKind.CLIENT)
                        .setStartTimestamp(t0 + 5_000_000L, TimeUnit.NANOSECONDS).setAttribute("peer.service", "openai")
                        .setAttribute("gen_ai.system", "openai").setAttribute("gen_ai.request.model", "gpt-4o")
                        .setAttribute("server.address", "api.openai.com").startSpan();
                if (i < FAILED) {
                    http.setStatus(StatusCode.ERROR);
                }
                http.end(t0 + 250_000_000L, TimeUnit.NANOSECONDS);
                root.end(t0 + 300_000_000L, TimeUnit.NANOSECONDS);
            }
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** Polls until the query returns {@code series} series all at {@code value} (bounded), then returns it. */
    private Map<String, Double> await(String q, int series, double value) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Double> got = Map.of();
        while (System.nanoTime() < end) {
            got = vector(q);
            if (got.size() == series && got.values().stream().allMatch(v -> v == value)) {
                return got;
            }
            Thread.sleep(200);
        }
        return got;
    }

    private static final HttpClient HTTP_CLIENT = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("\\{\"metric\":\\{([^}]*)},\"value\":\\[[0-9.]+,\"([^\"]+)\"]}");

    /** An instant query's result as {labels}=value, labels without quotes, sorted. */
    private static Map<String, Double> vector(String q) throws Exception {
        String body = HTTP_CLIENT.send(HttpRequest.newBuilder(URI.create(prom.url() + "/api/v1/query?query="
                + URLEncoder.encode(q, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("\"status\":\"success\"");
        Map<String, Double> out = new TreeMap<>();
        Matcher m = SAMPLE.matcher(body);
        while (m.find()) {
            out.put("{" + m.group(1).replace("\"", "").replace(":", "=") + "}", Double.parseDouble(m.group(2)));
        }
        return out;
    }
}
