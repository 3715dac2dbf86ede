package ai.gatewayz.obs.traces.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** OTLP/HTTP checklist 4.7 (OT-4..OT-12) with exact statuses, content types and bodies; fuzzed bodies never give 5xx. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "traces.max-body=1MB", "traces.ingest-rate=200KB", "traces.ingest-burst=600KB"})
class OtlpHttpContractTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private TraceApiClient.Response postJson(String tenant, String body) {
        return new TraceApiClient(port).post("/v1/traces", body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "X-Scope-OrgID", tenant);
    }

    private static String span(String traceId, String spanId, String kind) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"s\"}}]},"
                + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\",\"name\":\"n\",\"kind\":"
                + kind + ",\"startTimeUnixNano\":\"1686122000000000001\",\"endTimeUnixNano\":1686122000000000009,\"unknownField\":1}]}]}]}";
    }

    @Test
    void ot4UpstreamExampleJsonIsStoredAndReadBack() throws Exception {
        String example = Files.readString(Peers.corpus("otlp-examples").resolve("trace.json"));
        var r = postJson("ex", example);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{}");
        ExportTraceServiceRequest sent = ai.gatewayz.obs.traces.otlp.OtlpDecoder.parseJson(example);
        String id = ai.gatewayz.obs.traces.model.Ids.hex(sent.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray());
        var back = new TraceApiClient(port).get("/api/traces/" + id.toUpperCase(), "Accept", "application/protobuf", "X-Scope-OrgID", "ex");
        TracesData d = TracesData.parseFrom(back.bytes());
        assertThat(d.getResourceSpans(0).getScopeSpans(0).getSpans(0)).isEqualTo(sent.getResourceSpans(0).getScopeSpans(0).getSpans(0));
        assertThat(d.getResourceSpans(0).getResource()).isEqualTo(sent.getResourceSpans(0).getResource());
        assertThat(d.getResourceSpans(0).getScopeSpans(0).getScope()).isEqualTo(sent.getResourceSpans(0).getScopeSpans(0).getScope());
    }

    @Test
    void ot5UnknownFieldsIgnoredEnumNamesAccepted() throws Exception {
        assertThat(postJson("t5", span("5B8EFFF798038103D269B633813FC60C", "EEE19B7EC3C1B173", "\"SPAN_KIND_SERVER\"")).status())
                .isEqualTo(200);
        var back = new TraceApiClient(port).get("/api/traces/5b8efff798038103d269b633813fc60c", "Accept", "application/protobuf",
                "X-Scope-OrgID", "t5");
        assertThat(TracesData.parseFrom(back.bytes()).getResourceSpans(0).getScopeSpans(0).getSpans(0).getKindValue()).isEqualTo(2);
    }

    @Test
    void ot6Base64TraceIdIs400NamingTheField() {
        var r = postJson("t6", span("W47/95gDgQPSabYzgT/GDA==", "EEE19B7EC3C1B173", "2"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"code\":3,\"message\":\"OTLP/JSON id is not hex [field=traceId, value=W47/95gDgQPSabYzgT/GDA==]\"}");
    }

    @Test
    void ot7MalformedProtobufIs400WithRpcStatus() throws Exception {
        var r = new TraceApiClient(port).post("/v1/traces", new byte[] {0x0A, 0x7F, 0x01}, "Content-Type", "application/x-protobuf");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/x-protobuf");
        CodedInputStream in = CodedInputStream.newInstance(r.bytes());
        assertThat(in.readTag()).isEqualTo(8);
        assertThat(in.readInt32()).isEqualTo(3);
        assertThat(in.readTag()).isEqualTo(18);
        assertThat(in.readString()).startsWith("cannot decode OTLP protobuf ExportTraceServiceRequest");
    }

    @Test
    void ot8ZeroTraceIdIsRejectedViaPartialSuccess() {
        String body = span("00000000000000000000000000000000", "EEE19B7EC3C1B173", "2").replace("]}]}]}",
                "]},{\"spans\":[{\"traceId\":\"5B8EFFF798038103D269B633813FC60D\",\"spanId\":\"EEE19B7EC3C1B174\",\"name\":\"ok\"}]}]}]}");
        var r = postJson("t8", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":"
                + "\"invalid span: traceId must be 16 non-zero bytes [field=traceId, length=16]\"}}");
        assertThat(new TraceApiClient(port).get("/api/traces/5B8EFFF798038103D269B633813FC60D", "X-Scope-OrgID", "t8").status())
                .isEqualTo(200);
    }

    @Test
    void ot9EmptyRequestIs200WithEmptyBody() throws Exception {
        var r = new TraceApiClient(port).post("/v1/traces", new byte[0], "Content-Type", "application/x-protobuf");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/x-protobuf");
        assertThat(r.bytes()).isEmpty();
        assertThat(ExportTraceServiceResponse.parseFrom(r.bytes()).hasPartialSuccess()).isFalse();
    }

    @Test
    void ot10OverloadIs429WithRetryAfterAndOversizeIs413() throws Exception {
        byte[] big = new byte[2 << 20];
        var tooBig = new TraceApiClient(port).post("/v1/traces", big, "Content-Type", "application/x-protobuf");
        assertThat(tooBig.status()).isEqualTo(413);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(big);
        }
        var bomb = new TraceApiClient(port).post("/v1/traces", bos.toByteArray(), "Content-Type", "application/x-protobuf",
                "Content-Encoding", "gzip");
        assertThat(bomb.status()).as("decompressed size counts").isEqualTo(413);
        String pad = "x".repeat(300_000);
        String body = span("5B8EFFF798038103D269B633813FC60E", "EEE19B7EC3C1B175", "2").replace("\"name\":\"n\"", "\"name\":\"" + pad + "\"");
        int last = 0;
        for (int i = 0; i < 5 && last != 429; i++) {
            last = postJson("t10", body).status();
        }
        assertThat(last).isEqualTo(429);
        var r = postJson("t10", body);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.body()).contains("ingestion rate limit exceeded [tenant=t10");
    }

    @Test
    void ot11ReplayDoesNotDuplicate() throws Exception {
        String body = span("5B8EFFF798038103D269B633813FC60F", "EEE19B7EC3C1B176", "2");
        postJson("t11", body);
        postJson("t11", body);
        var back = new TraceApiClient(port).get("/api/traces/5B8EFFF798038103D269B633813FC60F", "Accept", "application/protobuf",
                "X-Scope-OrgID", "t11");
        assertThat(TracesData.parseFrom(back.bytes()).getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(1);
    }

    @Test
    void ot12MetricsAndLogsAre404AndBadInputNever5xx() {
        TraceApiClient api = new TraceApiClient(port);
        assertThat(api.post("/v1/metrics", new byte[0], "Content-Type", "application/x-protobuf").status()).isEqualTo(404);
        assertThat(api.post("/v1/logs", new byte[0], "Content-Type", "application/x-protobuf").status()).isEqualTo(404);
        assertThat(api.post("/v1/traces", new byte[0], "Content-Type", "text/plain").status()).isEqualTo(415);
        assertThat(api.post("/v1/traces", "{}".getBytes(), "Content-Type", "application/json", "X-Scope-OrgID", "bad/tenant").status())
                .isEqualTo(400);
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[rnd.nextInt(200)];
            rnd.nextBytes(junk);
            if (i % 3 == 0) {
                junk[0] = 0x0A; // start like resource_spans
            }
            boolean json = i % 2 == 0;
            byte[] body = json ? ("{\"resourceSpans\":[" + new String(junk, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.UTF_8) : junk;
            int s = api.post("/v1/traces", body, "Content-Type", json ? "application/json" : "application/x-protobuf").status();
            assertThat(s).as("fuzz case %d", i).isIn(200, 400);
            int q = api.get("/api/search?q=" + GrafanaTempoConformanceTest.enc(new String(junk, StandardCharsets.ISO_8859_1))).status();
            assertThat(q).as("TraceQL fuzz case %d", i).isIn(200, 400);
        }
    }
}
