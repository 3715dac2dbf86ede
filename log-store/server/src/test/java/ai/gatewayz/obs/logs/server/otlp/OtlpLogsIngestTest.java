package ai.gatewayz.obs.logs.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.server.LokiHttp;
import ai.gatewayz.obs.logs.server.StoredLogs;
import ai.gatewayz.obs.logs.server.StoredLogs.Row;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.testkit.Peers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * OTLP logs into log-store: the OpenTelemetry Java SDK's own OTLP/HTTP log exporter (protobuf, plain
 * and gzip) and the upstream OTLP/JSON example file; lines read back through the storage seam with
 * the labels, structured metadata and trace ids Loki 3's default mapping gives them. Bad bodies get
 * a 4xx with a google.rpc.Status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "log.push.tenants.otlp-corpus.reject-old-samples-max-age=100000d")
class OtlpLogsIngestTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    @LocalServerPort
    int port;

    @Autowired
    TenantLogStorages storages;

    @ParameterizedTest(name = "compression={0}")
    @ValueSource(strings = {"none", "gzip"})
    void theSdkExporterPushesAndLinesReadBackWithLabelsMetadataAndTraceIds(String compression) {
        String tenant = "otlp-sdk-" + compression;
        OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/otlp/v1/logs").setCompression(compression)
                .addHeader("X-Scope-OrgID", tenant).build();
        Resource resource = Resource.create(Attributes.builder().put("service.name", "gatewayz-backend")
                .put("deployment.environment", "prod").put("host.name", "api-1").build());
        SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
        Instant t = Instant.now().minusSeconds(5);
        try {
            Logger log = provider.get("gatewayz.sim");
            Context ctx = Context.root().with(Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
            log.logRecordBuilder().setTimestamp(t).setSeverity(Severity.ERROR).setSeverityText("ERROR")
                    .setBody("provider request failed").setAttribute(AttributeKey.stringKey("provider"), "openai")
                    .setAttribute(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o").setContext(ctx).emit();
            log.logRecordBuilder().setTimestamp(t.plusMillis(1)).setSeverity(Severity.INFO).setBody("request completed").emit();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        List<Row> rows = StoredLogs.all(storages, tenant);
        assertThat(rows).hasSize(2);
        Labels stream = Labels.of("deployment_environment", "prod", "service_name", "gatewayz-backend");
        Row err = rows.get(0);
        assertThat(err.stream()).isEqualTo(stream);
        assertThat(err.line()).isEqualTo("provider request failed");
        assertThat(err.ts()).isEqualTo(t.getEpochSecond() * 1_000_000_000L + t.getNano());
        assertThat(err.md().toMap()).containsEntry("trace_id", TRACE).containsEntry("span_id", SPAN)
                .containsEntry("provider", "openai").containsEntry("gen_ai_request_model", "gpt-4o")
                .containsEntry("host_name", "api-1").containsEntry("severity_text", "ERROR")
                .containsEntry("severity_number", "17").containsEntry("scope_name", "gatewayz.sim")
                .containsEntry("detected_level", "error").containsEntry("flags", "1");
        Row info = rows.get(1);
        assertThat(info.md().toMap()).containsEntry("severity_number", "9").containsEntry("detected_level", "info")
                .doesNotContainKeys("trace_id", "span_id");
    }

    @Test
    void theUpstreamJsonExampleIngests() throws Exception {
        String json = Files.readString(Peers.corpus("otlp-examples").resolve("logs.json"));
        LokiHttp.Response r = new LokiHttp(port).post("/otlp/v1/logs", json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Scope-OrgID", "otlp-corpus"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        List<Row> rows = StoredLogs.all(storages, "otlp-corpus");
        assertThat(rows).hasSize(1);
        Row row = rows.getFirst();
        assertThat(row.stream()).isEqualTo(Labels.of("service_name", "my.service"));
        assertThat(row.ts()).isEqualTo(1544712660300000000L);
        assertThat(row.line()).isEqualTo("Example log record");
        assertThat(row.md().toMap()).containsEntry("trace_id", "5b8efff798038103d269b633813fc60c")
                .containsEntry("span_id", "eee19b7ec3c1b174").containsEntry("severity_text", "Information")
                .containsEntry("severity_number", "10").containsEntry("scope_name", "my.library")
                .containsEntry("scope_version", "1.0.0").containsEntry("my_scope_attribute", "some scope attribute")
                .containsEntry("string_attribute", "some string").containsEntry("boolean_attribute", "true")
                .containsEntry("int_attribute", "10").containsEntry("double_attribute", "637.704")
                .containsEntry("array_attribute", "[\"many\",\"values\"]").containsEntry("detected_level", "info");
    }

    @Test
    void fuzzedBodiesAreAnsweredNever5xx() {
        LokiHttp http = new LokiHttp(port);
        java.util.Random r = new java.util.Random(14);
        byte[] valid = io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(io.opentelemetry.proto.logs.v1.ResourceLogs.newBuilder().addScopeLogs(
                        io.opentelemetry.proto.logs.v1.ScopeLogs.newBuilder().addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord
                                .newBuilder().setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                                .setBody(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("fuzz")))))
                .build().toByteArray();
        for (int i = 0; i < 200; i++) {
            byte[] b = valid.clone();
            for (int k = 0; k < 1 + r.nextInt(4); k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            if (i % 4 == 0) {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            LokiHttp.Response resp = http.post("/otlp/v1/logs", b, Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", "fuzz"));
            assertThat(resp.status()).as("mutation %d", i).isIn(200, 400);
        }
    }

    @Test
    void badBodiesAre4xxWithAStatus() {
        LokiHttp http = new LokiHttp(port);
        LokiHttp.Response notJson = http.post("/otlp/v1/logs", "{\"resourceLogs\":[".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).startsWith("{\"code\":3,\"message\":\"");
        LokiHttp.Response badId = http.post("/otlp/v1/logs",
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz\",\"body\":{\"stringValue\":\"a\"}}]}]}]}"
                        .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body()).isEqualTo("{\"code\":3,\"message\":\"OTLP/JSON id is not hex [field=traceId, value=xyz]\"}");
        LokiHttp.Response garbage = http.post("/otlp/v1/logs", new byte[] {(byte) 0xff, 0x01, 0x02},
                Map.of("Content-Type", "application/x-protobuf"));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.contentType()).isEqualTo("application/x-protobuf");
        LokiHttp.Response text = http.post("/otlp/v1/logs", "hello".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"));
        assertThat(text.status()).isEqualTo(415);
        LokiHttp.Response empty = http.post("/otlp/v1/logs", new byte[0], Map.of("Content-Type", "application/x-protobuf"));
        assertThat(empty.status()).isEqualTo(200);
    }
}
