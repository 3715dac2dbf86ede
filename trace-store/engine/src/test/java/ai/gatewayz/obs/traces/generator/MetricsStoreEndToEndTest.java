package ai.gatewayz.obs.traces.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.ingest.IngestOptions;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.ingest.WriteResult;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.otlp.OtlpEncoder;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end in one process, in virtual time, without peers: gateway-shaped OTLP exports through
 * the real {@link OtlpReceiver} and the ingest hook, the generator on a {@link TestClock}, the shared
 * remote-write client over loopback HTTP into metrics-store's real {@link RemoteWriteReceiver} (one
 * storage per X-Scope-OrgID), and metrics-store's PromQL engine answering Grafana's service-graph and
 * APM queries with the counts of the spans sent, each tenant's series in its own tenant.
 */
class MetricsStoreEndToEndTest {
    // in the past, so the samples (written 15 s later on the test clock) are not in metrics-store's future
    final long t0 = System.currentTimeMillis() / 1000 * 1000 - 30_000;
    final TestClock clock = TestClock.atMillis(t0);
    final Map<String, MemoryStorage> tenants = new ConcurrentHashMap<>();
    final RemoteWriteReceiver receiver = new RemoteWriteReceiver(IngestOptions.defaults(),
            new LimitsRegistry(TenantLimits.unlimited(), Map.of()), new IngestionRateLimiter(Clock.systemUTC()), Clock.systemUTC());
    final ExecutorService pool = Executors.newFixedThreadPool(2);
    HttpServer server;

    URI start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/api/v1/write", ex -> {
            try (ex) {
                String tenant = ex.getRequestHeaders().getFirst("X-Scope-OrgID");
                MemoryStorage st = tenants.computeIfAbsent(tenant == null ? "anonymous" : tenant, t -> new MemoryStorage());
                int status;
                String msg;
                try {
                    WriteResult r = receiver.write(tenant, st, ex.getRequestHeaders().getFirst("Content-Type"),
                            ex.getRequestHeaders().getFirst("Content-Encoding"), ex.getRequestBody().readAllBytes());
                    status = r.ok() ? 204 : 400;
                    msg = r.message();
                } catch (SuiteException e) {
                    status = 400;
                    msg = e.getMessage();
                }
                byte[] b = msg == null ? new byte[0] : msg.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, status == 204 || b.length == 0 ? -1 : b.length);
                if (status != 204 && b.length > 0) {
                    ex.getResponseBody().write(b);
                }
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
        tenants.values().forEach(MemoryStorage::close);
    }

    /** A gateway request: route SERVER span, Redis CLIENT span, provider HTTP CLIENT span (error when {@code failed}). */
    List<Span> request(int n, String provider, boolean failed, long endMs) {
        long root = 0x100L + n * 16L;
        return List.of(
                GenSpans.span("gatewayz-api", n, root, 0, "POST /v1/chat/completions", Span.KIND_SERVER, 0, endMs, 300,
                        Attr.of("http.route", "/v1/chat/completions")),
                GenSpans.span("gatewayz-api", n, root + 1, root, "GET", Span.KIND_CLIENT, 0, endMs - 290, 2,
                        Attr.of("db.system", "redis"), Attr.of("peer.service", "upstash-redis")),
                GenSpans.span("gatewayz-api", n, root + 2, root, "POST", Span.KIND_CLIENT, failed ? Span.STATUS_ERROR : Span.STATUS_OK,
                        endMs - 10, 250, Attr.of("peer.service", provider), Attr.of("gen_ai.system", provider),
                        Attr.of("gen_ai.usage.input_tokens", 100), Attr.of("gen_ai.usage.output_tokens", 20)));
    }

    @Test
    void grafanasServiceGraphAndApmQueriesReadTheGeneratedSeries() throws Exception {
        URI base = start();
        GeneratorOptions o = new GeneratorConfigLoader(Map.of("URL", base.toString())::get).parse("""
                metrics_generator:
                  registry: {collection_interval: 15s}
                  processor:
                    service_graphs: {wait: 10s}
                    span_metrics: {dimensions: [gen_ai.system]}
                  storage:
                    remote_write: [{url: "${URL}/api/v1/write"}]
                overrides:
                  defaults:
                    metrics_generator:
                      processors: [service-graphs, span-metrics, gen-ai]
                """, Path.of(".")).options();
        try (RemoteWriteSink sink = new RemoteWriteSink(o.remoteWrite(), o.addOrgIdHeader(), x -> x.withQueue(1, 10_000, 500, 20),
                Clock.systemUTC())) {
            MetricsGenerator g = new MetricsGenerator(o, sink, clock);
            MemoryTraceStorage traces = new MemoryTraceStorage();
            OtlpReceiver otlp = new OtlpReceiver(new GeneratingAppender(traces, g),
                    t -> ai.gatewayz.obs.traces.otlp.TenantLimits.DEFAULTS, clock);
            int sent = 0;
            List<String> sentTraces = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                List<Span> spans = new ArrayList<>(request(i + 1, i < 7 ? "openai" : "anthropic", i == 0 || i == 8, t0));
                sentTraces.add(spans.getFirst().traceId().hex());
                export(otlp, "anonymous", spans);
                sent++;
            }
            export(otlp, "team-a", request(99, "groq", false, t0));
            clock.advance(Duration.ofSeconds(15)); // the wait (10 s) is over and the interval (15 s) due
            assertThat(g.tick()).isTrue();
            assertThat(sink.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(sink.stats().samplesFailed()).as(sink.stats().lastError()).isZero();

            long at = clock.millis();
            MemoryStorage anon = tenants.get("anonymous");
            assertThat(query(anon, "sum by (client, server) (traces_service_graph_request_total)", at)).isEqualTo(Map.of(
                    "{client=\"gatewayz-api\", server=\"anthropic\"}", 3.0, "{client=\"gatewayz-api\", server=\"openai\"}", 7.0,
                    "{client=\"gatewayz-api\", server=\"upstash-redis\"}", (double) sent, "{client=\"user\", server=\"gatewayz-api\"}",
                    (double) sent));
            assertThat(query(anon, "sum by (client, server) (traces_service_graph_request_failed_total)", at)).isEqualTo(Map.of(
                    "{client=\"gatewayz-api\", server=\"anthropic\"}", 1.0, "{client=\"gatewayz-api\", server=\"openai\"}", 1.0));
            assertThat(query(anon, "sum by (client, server) (rate(traces_service_graph_request_total[1m]))", at)).hasSize(4)
                    .allSatisfy((k, v) -> assertThat(v).isPositive());
            assertThat(query(anon, "sum by (span_name) (traces_spanmetrics_calls_total{span_kind=\"SPAN_KIND_SERVER\"})", at))
                    .isEqualTo(Map.of("{span_name=\"POST /v1/chat/completions\"}", (double) sent));
            assertThat(query(anon, "sum by (gen_ai_system) (traces_spanmetrics_calls_total{status_code=\"STATUS_CODE_ERROR\"})", at))
                    .isEqualTo(Map.of("{gen_ai_system=\"anthropic\"}", 1.0, "{gen_ai_system=\"openai\"}", 1.0));
            assertThat(query(anon, "histogram_quantile(0.9, sum by (le) (rate(traces_spanmetrics_latency_bucket"
                    + "{span_kind=\"SPAN_KIND_SERVER\"}[1m])))", at).values()).singleElement()
                    .satisfies(v -> assertThat(v).isBetween(0.256, 0.512)); // every route span lasts 300 ms
            assertThat(query(anon, "sum by (gen_ai_token_type) (traces_spanmetrics_gen_ai_tokens_total)", at)).isEqualTo(Map.of(
                    "{gen_ai_token_type=\"input\"}", 100.0 * sent, "{gen_ai_token_type=\"output\"}", 20.0 * sent));
            // team-a's spans went into team-a, not into the default tenant
            assertThat(query(tenants.get("team-a"), "sum by (client, server) (traces_service_graph_request_total{server=\"groq\"})", at))
                    .isEqualTo(Map.of("{client=\"gatewayz-api\", server=\"groq\"}", 1.0));
            assertThat(query(anon, "traces_service_graph_request_total{server=\"groq\"}", at)).isEmpty();
            // metrics → traces: what /api/v1/query_exemplars reads holds the latency buckets' trace ids, each a sent trace
            var exemplars = anon.exemplars(t0 - 60_000, at, List.of(List.of(
                    ai.gatewayz.obs.common.LabelMatcher.eq("__name__", "traces_spanmetrics_latency_bucket"),
                    ai.gatewayz.obs.common.LabelMatcher.eq("span_kind", "SPAN_KIND_SERVER"))));
            List<String> ids = exemplars.stream().flatMap(se -> se.exemplars().stream()).map(e -> e.labels().get("trace_id")).toList();
            assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(sentTraces).contains(id));
            assertThat(exemplars).allSatisfy(se -> assertThat(se.exemplars()).allSatisfy(e -> assertThat(e.value()).isEqualTo(0.3)));
        }
    }

    private static void export(OtlpReceiver otlp, String tenant, List<Span> spans) {
        var req = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(OtlpEncoder.encode(spans).getResourceSpansList()).build();
        var r = otlp.export(tenant, req, req.getSerializedSize());
        assertThat(r.rejected()).isZero();
    }

    private static Map<String, Double> query(MemoryStorage st, String q, long atMs) {
        QueryResult r = new PromqlEngine().instant(st, q, atMs);
        Map<String, Double> out = new TreeMap<>();
        for (QueryResult.Sample s : r.vector()) {
            out.put(s.labels().toString(), s.v());
        }
        return out;
    }
}
