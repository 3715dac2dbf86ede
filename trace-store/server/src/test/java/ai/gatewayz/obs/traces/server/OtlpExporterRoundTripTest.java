package ai.gatewayz.obs.traces.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.FreePorts;
import ai.gatewayz.obs.otlp.OtlpJson;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * OT-1..OT-3: the OpenTelemetry Java SDK's own OTLP exporters (gRPC with and without gzip,
 * HTTP/protobuf with and without gzip) send spans; every span reads back by trace id through v1
 * and v2, protobuf and JSON, with identical ids, times, kind, attributes, events, links and status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OtlpExporterRoundTripTest {
    static final int GRPC = FreePorts.next();
    static final int HTTP = FreePorts.next();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
        r.add("traces.grpc-port", () -> GRPC);
        r.add("traces.http-port", () -> HTTP);
    }

    @LocalServerPort
    int port;

    static Stream<String> exporters() {
        return Stream.of("grpc", "grpc+gzip", "http", "http+gzip");
    }

    private static SpanExporter exporter(String kind, String tenant) {
        String compression = kind.endsWith("+gzip") ? "gzip" : "none";
        if (kind.startsWith("grpc")) {
            return OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + GRPC).setCompression(compression)
                    .addHeader("X-Scope-OrgID", tenant).build();
        }
        return OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + HTTP + "/v1/traces").setCompression(compression)
                .addHeader("X-Scope-OrgID", tenant).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exporters")
    void everySpanReadsBackIdentically(String kind) throws Exception {
        String tenant = "rt-" + kind.replace('+', '-');
        List<SpanData> sent = new ArrayList<>();
        SpanExporter real = exporter(kind, tenant);
        SpanExporter recording = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                sent.addAll(spans);
                return real.export(spans);
            }

            @Override
            public CompletableResultCode flush() {
                return real.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return real.shutdown();
            }
        };
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "gatewayz"))))
                .addSpanProcessor(SimpleSpanProcessor.create(recording)).build();
        try {
            emit(provider.get("gatewayz.sim", "1.2.3"));
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        assertThat(sent).hasSize(3);
        TraceApiClient api = new TraceApiClient(port);
        for (SpanData s : sent) {
            String id = s.getTraceId();
            var v2 = api.get("/api/v2/traces/" + id, "Accept", "application/protobuf", "X-Scope-OrgID", tenant);
            assertThat(v2.status()).isEqualTo(200);
            assertThat(v2.contentType()).isEqualTo("application/protobuf");
            TracesData fromV2 = unwrap(v2.bytes());
            var v1 = api.get("/api/traces/" + id, "Accept", "application/protobuf", "X-Scope-OrgID", tenant);
            TracesData fromV1 = TracesData.parseFrom(v1.bytes());
            assertThat(fromV1).isEqualTo(fromV2);
            assertSame(s, find(fromV2, s.getSpanId()));
            var json = api.get("/api/traces/" + id, "X-Scope-OrgID", tenant);
            assertThat(json.contentType()).startsWith("application/json");
            assertThat(json.body()).contains("\"spanId\":\"" + s.getSpanId() + "\"").contains("\"traceId\":\"" + id + "\"");
            var jsonV2 = api.get("/api/v2/traces/" + id, "X-Scope-OrgID", tenant);
            assertThat(jsonV2.body()).startsWith("{\"trace\":{\"resourceSpans\":");
            assertThat(OtlpJson.print(fromV2)).isEqualTo(jsonV2.body().substring("{\"trace\":".length(), jsonV2.body().length() - 1));
        }
        var other = api.get("/api/traces/" + sent.getFirst().getTraceId(), "Accept", "application/protobuf");
        assertThat(other.status()).as("another tenant must not see the trace").isEqualTo(404);
    }

    private static void emit(Tracer tracer) {
        long t0 = Instant.parse("2026-12-01T10:00:00.123456789Z").toEpochMilli();
        var root = tracer.spanBuilder("POST /v1/chat/completions").setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(t0 * 1_000_000L + 789, TimeUnit.NANOSECONDS)
                .setAttribute("http.method", "POST").setAttribute("http.status_code", 200L).setAttribute("ratio", 0.5)
                .setAttribute("streaming", true)
                .setAttribute(AttributeKey.stringArrayKey("providers"), List.of("openai", "anthropic")).startSpan();
        var ctx = Context.current().with(root);
        var call = tracer.spanBuilder("provider call").setParent(ctx).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(t0 * 1_000_000L + 1_000_001, TimeUnit.NANOSECONDS)
                .setAttribute("gen_ai.system", "openai").setAttribute("gen_ai.request.model", "gpt-4o")
                .setAttribute("gen_ai.usage.input_tokens", 42L)
                .addLink(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(),
                        TraceState.builder().put("k", "v").build()), Attributes.of(AttributeKey.stringKey("link.reason"), "failover"))
                .startSpan();
        call.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L), t0 * 1_000_000L + 2_000_003, TimeUnit.NANOSECONDS);
        call.setStatus(StatusCode.ERROR, "upstream 503");
        call.end(t0 * 1_000_000L + 9_000_009, TimeUnit.NANOSECONDS);
        var cache = tracer.spanBuilder("redis GET").setParent(ctx).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(t0 * 1_000_000L + 500, TimeUnit.NANOSECONDS).startSpan();
        cache.setStatus(StatusCode.OK);
        cache.end(t0 * 1_000_000L + 700, TimeUnit.NANOSECONDS);
        root.end(t0 * 1_000_000L + 10_000_010, TimeUnit.NANOSECONDS);
    }

    static TracesData unwrap(byte[] envelope) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(envelope);
        TracesData data = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == 0x0A) {
                data = TracesData.parseFrom(in.readBytes());
            } else {
                assertThat(tag >>> 3).as("only field 1 (trace) is set; status stays COMPLETE").isEqualTo(1);
                in.skipField(tag);
            }
        }
        assertThat(data).isNotNull();
        return data;
    }

    record Found(ResourceSpans resource, ScopeSpans scope, io.opentelemetry.proto.trace.v1.Span span) {
    }

    static Found find(TracesData data, String spanIdHex) {
        for (ResourceSpans rs : data.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (var sp : ss.getSpansList()) {
                    if (ai.gatewayz.obs.traces.model.Ids.hex(sp.getSpanId().toByteArray()).equals(spanIdHex)) {
                        return new Found(rs, ss, sp);
                    }
                }
            }
        }
        throw new AssertionError("span " + spanIdHex + " not returned");
    }

    private static String hex(com.google.protobuf.ByteString b) {
        return ai.gatewayz.obs.traces.model.Ids.hex(b.toByteArray());
    }

    static void assertSame(SpanData s, Found f) {
        var p = f.span();
        assertThat(hex(p.getTraceId())).isEqualTo(s.getTraceId());
        assertThat(hex(p.getSpanId())).isEqualTo(s.getSpanId());
        assertThat(p.getParentSpanId().isEmpty() ? "0000000000000000" : hex(p.getParentSpanId())).isEqualTo(s.getParentSpanId());
        assertThat(p.getName()).isEqualTo(s.getName());
        assertThat(p.getKindValue()).isEqualTo(s.getKind().ordinal() + 1); // SDK order INTERNAL..CONSUMER = OTLP 1..5
        assertThat(p.getStartTimeUnixNano()).isEqualTo(s.getStartEpochNanos());
        assertThat(p.getEndTimeUnixNano()).isEqualTo(s.getEndEpochNanos());
        assertThat(attrs(p.getAttributesList())).isEqualTo(attrs(s.getAttributes()));
        assertThat(attrs(f.resource().getResource().getAttributesList())).isEqualTo(attrs(s.getResource().getAttributes()));
        assertThat(f.scope().getScope().getName()).isEqualTo(s.getInstrumentationScopeInfo().getName());
        assertThat(f.scope().getScope().getVersion()).isEqualTo(s.getInstrumentationScopeInfo().getVersion());
        assertThat(p.getEventsCount()).isEqualTo(s.getEvents().size());
        for (int i = 0; i < s.getEvents().size(); i++) {
            EventData e = s.getEvents().get(i);
            assertThat(p.getEvents(i).getName()).isEqualTo(e.getName());
            assertThat(p.getEvents(i).getTimeUnixNano()).isEqualTo(e.getEpochNanos());
            assertThat(attrs(p.getEvents(i).getAttributesList())).isEqualTo(attrs(e.getAttributes()));
        }
        assertThat(p.getLinksCount()).isEqualTo(s.getLinks().size());
        for (int i = 0; i < s.getLinks().size(); i++) {
            LinkData l = s.getLinks().get(i);
            assertThat(hex(p.getLinks(i).getTraceId())).isEqualTo(l.getSpanContext().getTraceId());
            assertThat(hex(p.getLinks(i).getSpanId())).isEqualTo(l.getSpanContext().getSpanId());
            assertThat(p.getLinks(i).getTraceState()).isEqualTo("k=v");
            assertThat(attrs(p.getLinks(i).getAttributesList())).isEqualTo(attrs(l.getAttributes()));
        }
        int code = switch (s.getStatus().getStatusCode()) {
            case UNSET -> 0;
            case OK -> 1;
            case ERROR -> 2;
        };
        assertThat(p.getStatus().getCodeValue()).isEqualTo(code);
        assertThat(p.getStatus().getMessage()).isEqualTo(s.getStatus().getDescription());
    }

    private static Map<String, Object> attrs(List<KeyValue> kvs) {
        Map<String, Object> m = new HashMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), value(kv.getValue()));
        }
        return m;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpExporterRoundTripTest::value).toList();
            default -> v.toString();
        };
    }

    private static Map<String, Object> attrs(Attributes a) {
        Map<String, Object> m = new HashMap<>();
        a.forEach((k, v) -> m.put(k.getKey(), v));
        return m;
    }
}
