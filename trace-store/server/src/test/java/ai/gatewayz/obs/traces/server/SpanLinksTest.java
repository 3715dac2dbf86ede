package ai.gatewayz.obs.traces.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Span links (a retry linking to the failed attempt's trace, a batch span linking to many) are
 * stored with their trace state, flags and attributes and come back from trace-by-id in every
 * shape Grafana reads: v1 and v2, OTLP/JSON with hex ids and protobuf; TraceQL finds spans by
 * {@code link.*} attributes and {@code link:traceID} / {@code link:spanID}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// closed after the class: its static @TempDir is deleted then, and a cached context's storage
// maintenance would log errors into later tests that assert a clean log
@DirtiesContext
class SpanLinksTest {
    static final String TRACE = "5b8efff798038103d269b633813fc60c";
    static final String LINKED_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    TraceApiClient api;

    static final String LINKS_JSON = "\"links\":[{\"traceId\":\"" + LINKED_TRACE + "\",\"spanId\":\"00f067aa0ba902b7\","
            + "\"traceState\":\"vendor=retry\",\"attributes\":[{\"key\":\"reason\",\"value\":{\"stringValue\":\"failover\"}},"
            + "{\"key\":\"attempt\",\"value\":{\"intValue\":\"1\"}}],\"droppedAttributesCount\":2,\"flags\":257},"
            + "{\"traceId\":\"" + TRACE + "\",\"spanId\":\"1111111111111111\"}]";

    @BeforeEach
    void send() {
        api = new TraceApiClient(port);
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"gatewayz-api\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},\"spans\":[{\"traceId\":\"" + TRACE + "\","
                + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"provider_call/anthropic\",\"kind\":3,\"startTimeUnixNano\":\"" + now
                + "\",\"endTimeUnixNano\":\"" + (now + 1000) + "\"," + LINKS_JSON + "}]}]}]}";
        var r = api.post("/v1/traces", body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(200);
    }

    static Stream<Arguments> jsonShapes() {
        return Stream.of(Arguments.of("v1", "/api/traces/" + TRACE, "{\"batches\":[{"),
                Arguments.of("v2", "/api/v2/traces/" + TRACE, "{\"trace\":{\"resourceSpans\":[{"));
    }

    @ParameterizedTest(name = "{0} JSON")
    @MethodSource("jsonShapes")
    void linksComeBackInTempoJson(String name, String path, String prefix) {
        var r = api.get(path);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).startsWith(prefix).contains(LINKS_JSON + "}]}]}");
    }

    @Test
    void linksComeBackInProtobufV1AndV2() throws Exception {
        TracesData v1 = TracesData.parseFrom(api.get("/api/traces/" + TRACE, "Accept", "application/protobuf").bytes());
        byte[] v2 = api.get("/api/v2/traces/" + TRACE, "Accept", "application/protobuf").bytes();
        var in = com.google.protobuf.CodedInputStream.newInstance(v2);
        assertThat(in.readTag()).isEqualTo(10); // TraceByIDResponse.trace, length-delimited
        TracesData fromV2 = TracesData.parseFrom(in.readBytes());
        assertThat(fromV2).isEqualTo(v1);
        Span s = v1.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(s.getLinksCount()).isEqualTo(2);
        Span.Link l = s.getLinks(0);
        assertThat(HexFormat.of().formatHex(l.getTraceId().toByteArray())).isEqualTo(LINKED_TRACE);
        assertThat(HexFormat.of().formatHex(l.getSpanId().toByteArray())).isEqualTo("00f067aa0ba902b7");
        assertThat(l.getTraceState()).isEqualTo("vendor=retry");
        assertThat(l.getFlags()).isEqualTo(257);
        assertThat(l.getDroppedAttributesCount()).isEqualTo(2);
        assertThat(l.getAttributesList()).extracting(kv -> kv.getKey()).containsExactly("reason", "attempt");
        assertThat(HexFormat.of().formatHex(s.getLinks(1).getSpanId().toByteArray())).isEqualTo("1111111111111111");
    }

    static Stream<Arguments> linkQueries() {
        return Stream.of(Arguments.of("{ link.reason = \"failover\" }", true), Arguments.of("{ link.attempt = 1 }", true),
                Arguments.of("{ link:traceID = \"" + LINKED_TRACE + "\" }", true), Arguments.of("{ link:spanID = \"00f067aa0ba902b7\" }", true),
                Arguments.of("{ link.reason = \"timeout\" }", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkQueries")
    void traceqlFindsSpansByTheirLinks(String q, boolean found) {
        var r = api.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&limit=20");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().contains("\"traceID\":\"" + TRACE + "\"")).as(r.body()).isEqualTo(found);
    }
}
