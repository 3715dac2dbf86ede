package ai.gatewayz.obs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.sim.support.Contract;
import ai.gatewayz.obs.sim.support.Exposition;
import ai.gatewayz.obs.sim.support.Receivers;
import ai.gatewayz.obs.testkit.Peers;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts gateway-sim with its traffic generator and all four exporters pointed at loopback
 * receivers, injects an outage through the scenario API, and checks what comes out: /metrics
 * against the contract's catalogue (strict parser, both formats, promtool when installed), OTLP
 * spans and their tree, Loki pushes and their labels, the pyroscope agent's uploads, exemplars
 * that name received traces, and the OpenAI-style errors of the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewaySimEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Receivers receivers;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        receivers = new Receivers();
        r.add("sim.seed", () -> "7");
        r.add("sim.latency-scale", () -> "0");
        r.add("sim.traffic.requests-per-second", () -> "25");
        r.add("sim.traces.http-endpoint", receivers::base);
        r.add("sim.traces.protocol", () -> "http/protobuf");
        r.add("sim.traces.schedule-delay", () -> "200ms");
        r.add("sim.logs.url", () -> receivers.base() + "/loki/api/v1/push");
        r.add("sim.logs.batch-timeout", () -> "300ms");
        r.add("sim.profiles.server-address", receivers::base);
        r.add("sim.profiles.upload-interval", () -> "2s");
        r.add("sim.profiles.enabled", () -> "true");
        // a scenario from configuration, scheduled far enough ahead not to disturb the other checks
        r.add("sim.scenarios[0].kind", () -> "latency_spike");
        r.add("sim.scenarios[0].provider", () -> "groq");
        r.add("sim.scenarios[0].start-after", () -> "1h");
        r.add("sim.scenarios[0].duration", () -> "10m");
    }

    @AfterAll
    static void stop() {
        receivers.close();
    }

    @BeforeAll
    static void none() {
    }

    @Test
    @Order(1)
    void outageInjectedThroughTheApiOpensTheBreakerAndFailsRequestsWithRefunds() throws Exception {
        HttpResponse<String> bad = post("/sim/scenarios", "{\"kind\":\"meteor_strike\",\"duration_seconds\":60}", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"errorType\":\"bad_data\"").contains("unknown scenario kind [kind=meteor_strike]");
        HttpResponse<String> noProvider = post("/sim/scenarios", "{\"kind\":\"provider_outage\",\"duration_seconds\":60}", null);
        assertThat(noProvider.statusCode()).isEqualTo(400);
        assertThat(noProvider.body()).contains("scenario needs a provider");
        for (String p : new String[] {"cohere", "openrouter"}) {
            HttpResponse<String> ok = post("/sim/scenarios", "{\"kind\":\"provider_outage\",\"provider\":\"" + p + "\",\"duration_seconds\":600}", null);
            assertThat(ok.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(ok.body()).get("expected_signals").size()).isPositive();
        }
        int failed = 0;
        for (int i = 0; i < 7; i++) {
            HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"command-r-plus\",\"messages\":[{\"role\":\"user\",\"content\":\"q" + i + "\"}]}",
                "gw-sim-key-1");
            if (r.statusCode() == 503) {
                failed++;
                JsonNode err = JSON.readTree(r.body()).get("error");
                assertThat(err.get("type").asString()).isEqualTo("server_error");
            }
        }
        assertThat(failed).isEqualTo(7);
        JsonNode truth = JSON.readTree(get("/sim/scenarios", null).body());
        assertThat(truth.size()).isEqualTo(3);
        assertThat(truth.get(0).get("kind").asString()).isEqualTo("latency_spike");
        assertThat(truth.get(0).get("provider").asString()).isEqualTo("groq");
        assertThat(Duration.between(Instant.parse(truth.get(0).get("start").asString()), Instant.parse(truth.get(0).get("end").asString())))
            .isEqualTo(Duration.ofMinutes(10));
        assertThat(truth.get(1).get("provider").asString()).isEqualTo("cohere");
        assertThat(truth.get(1).get("id").asString()).isEqualTo("s2");
        String data = get("/prometheus/data/metrics", null).body();
        assertThat(data).contains("error_rate{provider=\"cohere\"} 1\n").contains("provider_availability{provider=\"cohere\"} 0\n");
        assertThat(data).contains("circuit_breaker_state{provider=\"cohere\",model=\"command-r-plus\",state=\"closed\"}");
        assertThat(data).contains("gatewayz_data_scrape_success 1");
        Exposition m = Exposition.parse(get("/metrics", null).body(), false);
        assertThat(m.family("circuit_breaker_current_state").sum("circuit_breaker_current_state", Map.of("provider", "cohere", "state", "open")))
            .isEqualTo(1.0);
        assertThat(m.family("circuit_breaker_rejected_requests_total").sum("circuit_breaker_rejected_requests_total", Map.of("provider", "cohere")))
            .isPositive();
        JsonNode breakers = JSON.readTree(get("/api/monitoring/circuit-breakers/cohere", null).body());
        int failures = 0;
        for (JsonNode b : breakers) {
            failures += b.get("failure_count").asInt();
        }
        assertThat(failures).isPositive();
        assertThat(JSON.readTree(get("/api/monitoring/health/cohere", null).body()).get("health_score").asDouble()).isLessThan(100);
    }

    @Test
    @Order(2)
    void metricsMatchTheContractCatalogueInBothFormats() throws Exception {
        waitFor(() -> text("/metrics").contains("time_to_first_chunk_seconds_bucket") && text("/metrics").contains("free_model_usage_total")
            && text("/metrics").contains("provider_slow_requests_total"), 60);
        Path contractFile = Peers.shared("contracts/gatewayz-telemetry.md");
        List<Contract.Metric> contract = Contract.metrics(contractFile);
        assertThat(contract).hasSizeGreaterThan(100);
        HttpResponse<String> plain = get("/metrics", null);
        assertThat(plain.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).startsWith("text/plain;version=0.0.4");
        HttpResponse<String> om = get("/metrics", "application/openmetrics-text; version=1.0.0");
        assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        Exposition text = Exposition.parse(plain.body(), false);
        Exposition open = Exposition.parse(om.body(), true);
        // event-driven families the simulation has no trigger for: declared, no samples (as in production)
        Set<String> neverTriggered = Set.of("concurrency_rejected_total", "connection_pool_errors_total");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Contract.Metric m : contract) {
            if (!m.onDashboards()) {
                continue;
            }
            for (Exposition e : List.of(text, open)) {
                String fmt = e == text ? "text" : "openmetrics";
                Exposition.Family f = e.family(m.name());
                if (f == null) {
                    problems.add(fmt + ": missing family " + m.name());
                    continue;
                }
                if (!f.type.equals(m.type())) {
                    problems.add(fmt + ": " + m.name() + " has type " + f.type + ", contract says " + m.type());
                }
                boolean mustHaveSamples = m.written() && !neverTriggered.contains(m.name());
                if (!m.written() && !m.labels().isEmpty() && !f.samples.isEmpty()) {
                    problems.add(fmt + ": " + m.name() + " is never written by the backend but has samples");
                }
                if (mustHaveSamples && f.samples.isEmpty()) {
                    problems.add(fmt + ": " + m.name() + " has no samples");
                }
                if (!f.samples.isEmpty() && !f.labelNames().equals(m.labels())) {
                    problems.add(fmt + ": " + m.name() + " labels " + f.labelNames() + ", contract says " + m.labels());
                }
                if (m.type().equals("histogram") && !f.samples.isEmpty()
                    && !new ArrayList<>(f.buckets()).equals(m.buckets())) {
                    problems.add(fmt + ": " + m.name() + " buckets " + f.buckets() + ", contract says " + m.buckets());
                }
            }
            checked++;
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(50);
        // what the backend never emits must stay absent
        for (String absent : List.of("provider_health_score", "rate_limit_rejections_total", "loki_log_queue_size")) {
            assertThat(text.family(absent)).as(absent).isNull();
        }
        assertThat(plain.body()).doesNotContain("service=\"gateway-sim\"").doesNotContain("# {");
        assertThat(text.family("circuit_breaker_current_state").sum("circuit_breaker_current_state",
            Map.of("provider", "cohere", "state", "open"))).isEqualTo(1.0);
        assertThat(text.family("gatewayz_credit_refunds_total").samples).isNotEmpty();
        promtoolParses(plain.body());
    }

    @Test
    @Order(3)
    void spansCarryTheDocumentedAttributesAndTreeAndExemplarsPointAtThem() throws Exception {
        waitFor(() -> receivers.traces.size() >= 3, 60);
        Map<String, List<Span>> byTrace = new HashMap<>();
        Resource resource = null;
        for (Receivers.Request r : List.copyOf(receivers.traces)) {
            assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf");
            ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(r.body());
            for (ResourceSpans rs : req.getResourceSpansList()) {
                resource = rs.getResource();
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        byTrace.computeIfAbsent(hex(s.getTraceId().toByteArray()), k -> new ArrayList<>()).add(s);
                    }
                }
            }
        }
        assertThat(attr(resource.getAttributesList(), "service.name")).isEqualTo("gatewayz-api");
        assertThat(attr(resource.getAttributesList(), "service.namespace")).isEqualTo("gatewayz");
        boolean sawStream = false;
        boolean sawUnified = false;
        for (List<Span> spans : byTrace.values()) {
            Span root = spans.stream().filter(s -> s.getParentSpanId().isEmpty()).findFirst().orElse(null);
            if (root == null || !root.getName().equals("POST /v1/chat/completions")) {
                continue;
            }
            Span inference = spans.stream().filter(s -> s.getName().startsWith("stream_completion_") || s.getName().startsWith("unified_handler/"))
                .findFirst().orElse(null);
            Span call = spans.stream().filter(s -> s.getName().startsWith("provider_call/")).findFirst().orElse(null);
            if (inference == null || call == null || inference.getStatus().getCode().getNumber() != 1) {
                continue;
            }
            assertThat(root.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(inference.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(call.getParentSpanId()).isEqualTo(inference.getSpanId());
            assertThat(spans).anyMatch(s -> s.getName().equals("auth_validation") && s.getParentSpanId().equals(root.getSpanId()));
            assertThat(spans).anyMatch(s -> attr(s.getAttributesList(), "db.system").equals("redis"));
            assertThat(spans).anyMatch(s -> s.getName().equals("route_model"));
            assertThat(spans).anyMatch(s -> s.getName().equals("POST") && s.getParentSpanId().equals(call.getSpanId())
                && !attr(s.getAttributesList(), "peer.service").isEmpty());
            assertThat(spans).anyMatch(s -> s.getName().endsWith(".chat") && !attr(s.getAttributesList(), "gen_ai.usage.prompt_tokens").isEmpty()
                && !attr(s.getAttributesList(), "gen_ai.usage.completion_tokens").isEmpty());
            for (String k : List.of("ai.provider", "ai.model", "ai.request_type", "service.operation", "gen_ai.system", "gen_ai.request.model",
                "gen_ai.operation.name", "ai.duration_ms", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "ai.cost.usd",
                "gen_ai.response.finish_reason", "user.id", "customer.id", "user.tier")) {
                assertThat(attr(inference.getAttributesList(), k)).as(k).isNotEmpty();
            }
            assertThat(attr(inference.getAttributesList(), "service.operation")).isEqualTo("model_inference");
            assertThat(inference.getStartTimeUnixNano()).isGreaterThanOrEqualTo(root.getStartTimeUnixNano());
            assertThat(inference.getEndTimeUnixNano()).isLessThanOrEqualTo(root.getEndTimeUnixNano());
            if (inference.getName().startsWith("stream_completion_")) {
                sawStream = true;
                assertThat(spans).anyMatch(s -> s.getName().equals("stream_processing"));
            } else {
                sawUnified = true;
            }
        }
        assertThat(sawStream).isTrue();
        assertThat(sawUnified).isTrue();
        // exemplars on the OpenMetrics exposition name traces the receiver got
        String om = get("/metrics", "application/openmetrics-text").body();
        List<String> exemplarTraces = new ArrayList<>();
        for (String line : om.split("\n")) {
            int i = line.indexOf("trace_id=\"");
            if (line.startsWith("model_inference_duration_seconds_bucket") && i > 0) {
                exemplarTraces.add(line.substring(i + 10, i + 42));
            }
        }
        assertThat(exemplarTraces).isNotEmpty();
        Thread.sleep(500);
        Set<String> received = new HashSet<>();
        for (Receivers.Request r : List.copyOf(receivers.traces)) {
            for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(r.body()).getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    ss.getSpansList().forEach(s -> received.add(hex(s.getTraceId().toByteArray())));
                }
            }
        }
        assertThat(exemplarTraces).anyMatch(received::contains);
    }

    @Test
    @Order(4)
    void lokiPushesHaveLowCardinalityLabelsAndJsonLinesWithTraceContext() throws Exception {
        waitFor(() -> receivers.logs.size() >= 2, 60);
        Set<String> labelSets = new HashSet<>();
        int lines = 0;
        int withTrace = 0;
        boolean streamCompleted = false;
        boolean warning = false;
        Set<String> metadataKeys = new HashSet<>();
        for (Receivers.Request r : List.copyOf(receivers.logs)) {
            assertThat(r.header("Content-Type")).startsWith("application/json");
            JsonNode push = JSON.readTree(r.body());
            for (JsonNode stream : push.get("streams")) {
                Map<String, String> labels = new HashMap<>();
                stream.get("stream").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                assertThat(labels.keySet()).containsExactlyInAnyOrder("app", "environment", "service", "level");
                assertThat(labels.get("app")).isEqualTo("gatewayz-api");
                assertThat(labels.get("level")).isIn("INFO", "WARNING", "ERROR", "CRITICAL", "DEBUG");
                warning |= labels.get("level").equals("WARNING");
                labelSets.add(labels.toString());
                for (JsonNode v : stream.get("values")) {
                    assertThat(v.get(0).isString()).isTrue();
                    assertThat(v.get(0).asString()).matches("\\d{19}");
                    JsonNode line = JSON.readTree(v.get(1).asString());
                    assertThat(line.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}");
                    assertThat(line.get("level").asString()).isEqualTo(labels.get("level"));
                    assertThat(line.has("logger")).isTrue();
                    assertThat(line.has("message")).isTrue();
                    lines++;
                    if (line.has("trace_id")) {
                        withTrace++;
                        assertThat(line.get("trace_id").asString()).matches("[0-9a-f]{32}");
                        assertThat(line.get("span_id").asString()).matches("[0-9a-f]{16}");
                        JsonNode meta = v.get(2);
                        assertThat(meta.get("trace_id").asString()).isEqualTo(line.get("trace_id").asString());
                        assertThat(meta.get("model").asString()).isNotEmpty();
                        assertThat(meta.get("api_key_hash").asString()).matches("[0-9a-f]{1,8}");
                        // loki4j sends an unset MDC key as an empty value; the log store drops empty metadata
                        meta.properties().stream().filter(e -> !e.getValue().asString().isEmpty())
                            .forEach(e -> metadataKeys.add(e.getKey()));
                        String errorType = meta.has("error_type") ? meta.get("error_type").asString() : "";
                        if (!errorType.isEmpty()) {
                            assertThat(errorType).matches("[A-Za-z_]+");
                        }
                    }
                    streamCompleted |= line.get("message").asString().startsWith("[STREAM] Stream completed with ");
                }
            }
        }
        assertThat(labelSets.size()).isLessThanOrEqualTo(5);
        assertThat(lines).isGreaterThan(20);
        assertThat(withTrace).isGreaterThan(10);
        assertThat(streamCompleted).isTrue();
        assertThat(warning).isTrue();
        assertThat(metadataKeys).as("request context is structured metadata, never labels")
            .contains("trace_id", "span_id", "user", "api_key_hash", "provider", "model", "logger")
            .isSubsetOf("trace_id", "span_id", "user", "api_key_hash", "provider", "model", "error_type", "logger");
    }

    @Test
    @Order(5)
    void pyroscopeAgentUploadsJfrWithProviderAndModelLabels() throws Exception {
        waitFor(() -> receivers.profiles.stream().anyMatch(r -> labelsPart(r).contains("provider")), 60);
        Receivers.Request r = receivers.profiles.stream().filter(x -> labelsPart(x).contains("provider")).findFirst().orElseThrow();
        String query = java.net.URLDecoder.decode(r.query(), StandardCharsets.UTF_8);
        assertThat(query).contains("name=gatewayz-backend").contains("environment=local").contains("format=jfr").contains("spyName=javaspy");
        String labels = labelsPart(r);
        assertThat(labels).contains("provider").contains("model");
        assertThat(ai.gatewayz.obs.sim.catalog.Catalog.standard().providers()).anyMatch(p -> labels.contains(p.slug()));
        assertThat(labels).contains("cache_layer").contains("cache_op");
    }

    /** Span profiles: samples carry the request's root span id as span_id, and that span names itself as its profile id. */
    @Test
    @Order(6)
    void profileSamplesCarryTheRootSpanIdsOfTheTraces() throws Exception {
        // the labels part is a LabelsSnapshot: label names and values sit in its string table
        StringBuilder uploaded = new StringBuilder();
        waitFor(() -> {
            uploaded.setLength(0);
            for (Receivers.Request r : List.copyOf(receivers.profiles)) {
                uploaded.append(labelsPart(r));
            }
            return uploaded.indexOf("span_id") >= 0;
        }, 60);
        Set<String> roots = new HashSet<>();
        for (Receivers.Request r : List.copyOf(receivers.traces)) {
            for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(r.body()).getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span sp : ss.getSpansList()) {
                        String profileId = attr(sp.getAttributesList(), "pyroscope.profile.id");
                        if (!profileId.isEmpty()) {
                            assertThat(sp.getParentSpanId().isEmpty()).as("only root spans name a profile").isTrue();
                            assertThat(profileId).isEqualTo(hex(sp.getSpanId().toByteArray()));
                            roots.add(profileId);
                        }
                    }
                }
            }
        }
        assertThat(roots).as("root spans carrying pyroscope.profile.id").isNotEmpty();
        assertThat(roots).as("root span ids found among the uploaded profile labels").anyMatch(id -> uploaded.indexOf(id) >= 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json          | `{oops`                                                         | gw-sim-key-1 | 400 | invalid_request_error |                | We could not parse the JSON body",
        "not an object     | `[1]`                                                           | gw-sim-key-1 | 400 | invalid_request_error |                | must be a JSON object",
        "missing model     | `{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}`        | gw-sim-key-1 | 400 | invalid_request_error | model          | you must provide a model parameter",
        "model not string  | `{\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}` | gw-sim-key-1 | 400 | invalid_request_error | model | Invalid type for 'model': expected a string, but got an integer instead.",
        "missing messages  | `{\"model\":\"gpt-4o\"}`                                        | gw-sim-key-1 | 400 | invalid_request_error | messages       | Missing required parameter: 'messages'.",
        "empty messages    | `{\"model\":\"gpt-4o\",\"messages\":[]}`                        | gw-sim-key-1 | 400 | invalid_request_error | messages       | Invalid 'messages': empty array.",
        "bad role          | `{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}` | gw-sim-key-1 | 400 | invalid_request_error | messages[0].role | Invalid value: 'robot'.",
        "bad temperature   | `{\"model\":\"gpt-4o\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}` | gw-sim-key-1 | 400 | invalid_request_error | temperature | Expected a value <= 2, but got 3 instead.",
        "bad max_tokens    | `{\"model\":\"gpt-4o\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}` | gw-sim-key-1 | 400 | invalid_request_error | max_tokens | Expected a value >= 1, but got 0 instead.",
        "stream not bool   | `{\"model\":\"gpt-4o\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}` | gw-sim-key-1 | 400 | invalid_request_error | stream | expected a boolean",
        "no key            | `{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}` |              | 401 | invalid_request_error |                | You didn't provide an API key.",
        "wrong key         | `{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}` | sk-nope      | 401 | invalid_request_error |                | Incorrect API key provided.",
        "unknown model     | `{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}`  | gw-sim-key-1 | 404 | invalid_request_error |                | The model `gpt-9` does not exist",
    })
    void badInputGetsOpenAiStyleErrors(String name, String body, String key, int status, String type, String param, String message)
            throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions", body, key);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode err = JSON.readTree(r.body()).get("error");
        assertThat(err.get("type").asString()).isEqualTo(type);
        assertThat(err.get("message").asString()).contains(message);
        if (param == null) {
            assertThat(err.get("param").isNull()).isTrue();
        } else {
            assertThat(err.get("param").asString()).isEqualTo(param);
        }
    }

    @Test
    void chatAndStreamAndModelsAnswerLikeOpenAi() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":30,\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}", "gw-sim-key-2");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode c = JSON.readTree(r.body());
        assertThat(c.get("object").asString()).isEqualTo("chat.completion");
        assertThat(c.get("choices").get(0).get("message").get("content").asString()).isNotBlank();
        assertThat(c.get("usage").get("completion_tokens").asInt()).isBetween(1, 30);
        assertThat(r.headers().firstValue("x-trace-id").orElseThrow()).matches("[0-9a-f]{32}");

        HttpResponse<String> s = post("/v1/chat/completions",
            "{\"model\":\"claude-3-5-sonnet\",\"stream\":true,\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "gw-sim-key-2");
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(s.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> events = s.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        StringBuilder content = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = JSON.readTree(e);
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            JsonNode d = chunk.get("choices").get(0).get("delta");
            if (d.has("content")) {
                content.append(d.get("content").asString());
            }
        }
        assertThat(content.toString()).isNotBlank();
        assertThat(JSON.readTree(events.get(events.size() - 2)).get("choices").get(0).get("finish_reason").asString()).isIn("stop", "length");

        JsonNode models = JSON.readTree(get("/v1/models", null).body());
        assertThat(models.get("object").asString()).isEqualTo("list");
        assertThat(models.get("data").size()).isGreaterThanOrEqualTo(100);
        assertThat(get("/v1/models/nope", null).statusCode()).isEqualTo(404);
    }

    private static String labelsPart(Receivers.Request r) {
        String ct = r.header("Content-Type");
        if (ct == null || !ct.contains("boundary=")) {
            return "";
        }
        String boundary = "--" + ct.substring(ct.indexOf("boundary=") + 9).replace("\"", "");
        byte[] b = r.body();
        String latin = new String(b, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf("name=\"labels\"");
        if (at < 0) {
            return "";
        }
        int start = latin.indexOf("\r\n\r\n", at) + 4;
        int end = latin.indexOf("\r\n" + boundary, start);
        byte[] part = java.util.Arrays.copyOfRange(b, start, end);
        if (part.length > 2 && (part[0] & 0xff) == 0x1f && (part[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(part))) {
                part = in.readAllBytes();
            } catch (IOException e) {
                return "";
            }
        }
        return new String(part, StandardCharsets.ISO_8859_1);
    }

    private static void promtoolParses(String exposition) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            return;
        }
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("parsing error");
    }

    private static String attr(List<KeyValue> kvs, String key) {
        for (KeyValue kv : kvs) {
            if (kv.getKey().equals(key)) {
                var v = kv.getValue();
                return switch (v.getValueCase()) {
                    case STRING_VALUE -> v.getStringValue();
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    default -> v.toString();
                };
            }
        }
        return "";
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private String text(String path) {
        try {
            return get(path, null).body();
        } catch (Exception e) {
            return "";
        }
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitFor(BooleanSupplier cond, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        assertThat(cond.getAsBoolean()).as("condition within " + seconds + " s").isTrue();
    }
}
