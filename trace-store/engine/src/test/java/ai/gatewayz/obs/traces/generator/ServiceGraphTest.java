package ai.gatewayz.obs.traces.generator;

import static ai.gatewayz.obs.traces.generator.GenSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Service-graph edges computed by hand; pairing, failures, and expiry in virtual time. */
class ServiceGraphTest {
    static final long T = 1_700_000_000_000L;
    final TestClock clock = TestClock.atMillis(T);
    final RecordingSink sink = new RecordingSink();

    MetricsGenerator generator(String serviceGraphs) {
        return new MetricsGenerator(SpanMetricsTest.options("metrics_generator:\n  processor:\n    service_graphs:\n"
                + "      histogram_buckets: [0.5, 2]\n" + serviceGraphs
                + "overrides:\n  metrics_generator_processors: [service-graphs]\n"), sink, clock);
    }

    void collect(MetricsGenerator g) {
        clock.advance(Duration.ofSeconds(15));
        assertThat(g.tick()).isTrue();
    }

    static final String GW_USERS = "{client=\"gatewayz-api\", server=\"users\"}";

    @Test
    void clientAndServerHalvesMakeOneEdgeWithBothLatencies() {
        MetricsGenerator g = generator("");
        g.consume("anonymous", List.of(span("gatewayz-api", 1, 10, 1, "GET /users", Span.KIND_CLIENT, 0, T, 1000)));
        g.consume("anonymous", List.of(span("users", 1, 11, 10, "GET /users", Span.KIND_SERVER, 0, T, 400),
                span("gatewayz-api", 2, 20, 1, "GET /users", Span.KIND_CLIENT, Span.STATUS_ERROR, T, 3000),
                span("users", 2, 21, 20, "GET /users", Span.KIND_SERVER, 0, T, 2500)));
        assertThat(g.stats().edgesPending()).isZero();
        collect(g);
        assertThat(sink.latest("anonymous", "traces_service_graph_request_total")).isEqualTo(Map.of(GW_USERS, 2.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_failed_total")).isEqualTo(Map.of(GW_USERS, 1.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_server_seconds_bucket")).isEqualTo(Map.of(
                "{client=\"gatewayz-api\", le=\"0.5\", server=\"users\"}", 1.0, "{client=\"gatewayz-api\", le=\"2\", server=\"users\"}",
                1.0, "{client=\"gatewayz-api\", le=\"+Inf\", server=\"users\"}", 2.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_server_seconds_sum")).isEqualTo(Map.of(GW_USERS, 2.9));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_client_seconds_sum")).isEqualTo(Map.of(GW_USERS, 4.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_client_seconds_count")).isEqualTo(Map.of(GW_USERS, 2.0));
        // each edge's trace id is the exemplar of the bucket its latency fell in
        String t1 = "{trace_id=\"00000000000000070000000000000001\"}";
        String t2 = "{trace_id=\"00000000000000070000000000000002\"}";
        assertThat(sink.exemplars("anonymous", "traces_service_graph_request_server_seconds_bucket")).containsExactlyInAnyOrder(
                "{client=\"gatewayz-api\", le=\"0.5\", server=\"users\"} -> " + t1 + " 0.4@" + T,
                "{client=\"gatewayz-api\", le=\"+Inf\", server=\"users\"} -> " + t2 + " 2.5@" + T);
        assertThat(sink.exemplars("anonymous", "traces_service_graph_request_client_seconds_bucket")).containsExactlyInAnyOrder(
                "{client=\"gatewayz-api\", le=\"2\", server=\"users\"} -> " + t1 + " 1.0@" + T,
                "{client=\"gatewayz-api\", le=\"+Inf\", server=\"users\"} -> " + t2 + " 3.0@" + T);
    }

    @Test
    void spanMultiplierKeyScalesEdgesByTheInverseSamplingRatio() {
        MetricsGenerator g = generator("      span_multiplier_key: X-SampleRatio\n");
        g.consume("anonymous", List.of(span("gatewayz-api", 1, 10, 1, "GET /users", Span.KIND_CLIENT, Span.STATUS_ERROR, T, 1000,
                        new Attr("X-SampleRatio", ai.gatewayz.obs.traces.model.AttrValue.dbl(0.2))),
                span("users", 1, 11, 10, "GET /users", Span.KIND_SERVER, 0, T, 400, new Attr("X-SampleRatio", ai.gatewayz.obs.traces.model.AttrValue.dbl(0.2))),
                span("gatewayz-api", 2, 20, 1, "GET /users", Span.KIND_CLIENT, 0, T, 300),
                span("users", 2, 21, 20, "GET /users", Span.KIND_SERVER, 0, T, 100)));
        collect(g);
        assertThat(sink.latest("anonymous", "traces_service_graph_request_total")).isEqualTo(Map.of(GW_USERS, 6.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_failed_total")).isEqualTo(Map.of(GW_USERS, 5.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_server_seconds_count")).isEqualTo(Map.of(GW_USERS, 6.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_server_seconds_sum").get(GW_USERS))
                .isCloseTo(5 * 0.4 + 0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void clientSpanToAnUninstrumentedPeerExpiresIntoAVirtualEdgeExactlyAfterTheWait() {
        MetricsGenerator g = generator("      wait: 10s\n      enable_virtual_node_label: true\n");
        g.consume("anonymous", List.of(span("gatewayz-api", 1, 10, 5, "POST", Span.KIND_CLIENT, 0, T, 800,
                Attr.of("peer.service", "openai"), Attr.of("server.address", "api.openai.com"))));
        clock.advance(Duration.ofMillis(9_999));
        g.tick();
        assertThat(g.stats().edgesPending()).isEqualTo(1);
        assertThat(g.stats().edgesExpired()).isZero();
        clock.advance(Duration.ofMillis(1));
        g.tick();
        assertThat(g.stats().edgesPending()).isZero();
        assertThat(g.stats().edgesExpired()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        g.tick();
        String edge = "{client=\"gatewayz-api\", connection_type=\"virtual_node\", server=\"openai\"}";
        assertThat(sink.latest("anonymous", "traces_service_graph_request_total")).isEqualTo(Map.of(edge, 1.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_server_seconds_sum")).isEqualTo(Map.of(edge, 0.8));
        assertThat(sink.latest("anonymous", "traces_service_graph_request_client_seconds_sum")).isEqualTo(Map.of(edge, 0.8));
    }

    @Test
    void rootServerSpanExpiresIntoAnEdgeFromUserAndOrphansAreCountedUnpaired() {
        MetricsGenerator g = generator("");
        g.consume("anonymous", List.of(span("gatewayz-api", 1, 1, 0, "POST /v1/chat/completions", Span.KIND_SERVER, 0, T, 1200),
                span("gatewayz-api", 1, 2, 1, "GET", Span.KIND_CLIENT, 0, T, 100),
                span("billing", 3, 9, 8, "charge", Span.KIND_SERVER, 0, T, 100)));
        collect(g);
        assertThat(sink.latest("anonymous", "traces_service_graph_request_total"))
                .isEqualTo(Map.of("{client=\"user\", server=\"gatewayz-api\"}", 1.0));
        assertThat(sink.latest("anonymous", "traces_service_graph_unpaired_spans_total"))
                .isEqualTo(Map.of("{client=\"gatewayz-api\"}", 1.0, "{server=\"billing\"}", 1.0));
    }

    @Test
    void producerConsumerPairsAreMessagingEdges() {
        MetricsGenerator g = generator("");
        g.consume("anonymous", List.of(span("api", 1, 10, 1, "publish", Span.KIND_PRODUCER, 0, T, 5),
                span("worker", 1, 11, 10, "process", Span.KIND_CONSUMER, 0, T, 50)));
        collect(g);
        assertThat(sink.latest("anonymous", "traces_service_graph_request_total"))
                .isEqualTo(Map.of("{client=\"api\", connection_type=\"messaging_system\", server=\"worker\"}", 1.0));
    }

    @Test
    void dimensionsComeFromTheServerSideElseTheClientOrArePrefixedPerSide() {
        MetricsGenerator plain = generator("      dimensions: [gen_ai.system, http.status_code]\n");
        List<Span> pair = List.of(span("gw", 1, 10, 1, "call", Span.KIND_CLIENT, 0, T, 5, Attr.of("gen_ai.system", "openai"),
                Attr.of("http.status_code", 200)), span("prov", 1, 11, 10, "serve", Span.KIND_SERVER, 0, T, 5,
                Attr.of("http.status_code", 201)));
        plain.consume("anonymous", pair);
        collect(plain);
        assertThat(sink.latest("anonymous", "traces_service_graph_request_total")).isEqualTo(
                Map.of("{client=\"gw\", gen_ai_system=\"openai\", http_status_code=\"201\", server=\"prov\"}", 1.0));
        sink.clear();
        MetricsGenerator prefixed = generator("      dimensions: [gen_ai.system, http.status_code]\n"
                + "      enable_client_server_prefix: true\n");
        prefixed.consume("anonymous", pair);
        collect(prefixed);
        assertThat(sink.latest("anonymous", "traces_service_graph_request_total")).isEqualTo(Map.of("{client=\"gw\", "
                + "client_gen_ai_system=\"openai\", client_http_status_code=\"200\", server=\"prov\", server_http_status_code=\"201\"}",
                1.0));
    }

    @Test
    void pastMaxItemsNewHalvesAreDroppedAndCounted() {
        MetricsGenerator g = generator("      max_items: 2\n");
        g.consume("anonymous", List.of(span("gw", 1, 10, 1, "a", Span.KIND_CLIENT, 0, T, 5),
                span("gw", 2, 20, 1, "b", Span.KIND_CLIENT, 0, T, 5), span("gw", 3, 30, 1, "c", Span.KIND_CLIENT, 0, T, 5),
                span("db", 4, 41, 40, "d", Span.KIND_SERVER, 0, T, 5)));
        assertThat(g.stats().edgesPending()).isEqualTo(2);
        collect(g);
        assertThat(sink.latest("anonymous", "traces_service_graph_dropped_spans_total"))
                .isEqualTo(Map.of("{client=\"gw\"}", 1.0, "{server=\"db\"}", 1.0));
    }

    @Test
    void internalSpansMakeNoEdges() {
        MetricsGenerator g = generator("");
        g.consume("anonymous", List.of(span("gw", 1, 10, 1, "route_model", Span.KIND_INTERNAL, 0, T, 5)));
        assertThat(g.stats().edgesPending()).isZero();
    }
}
