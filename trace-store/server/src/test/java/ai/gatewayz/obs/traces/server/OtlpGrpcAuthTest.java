package ai.gatewayz.obs.traces.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.FreePorts;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With ingest tokens configured, both OTLP transports demand one: gRPC (SDK exporter) and HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "traces.engine=memory", "suite.auth.ingest-tokens=s3cret"})
class OtlpGrpcAuthTest {
    static final int GRPC = FreePorts.next();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry r) {
        r.add("traces.grpc-port", () -> GRPC);
    }

    @LocalServerPort
    int port;

    private static boolean export(String token) {
        var b = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + GRPC).setTimeout(5, TimeUnit.SECONDS);
        if (token != null) {
            b.addHeader("Authorization", "Bearer " + token);
        }
        var exporter = b.build();
        var recorded = new java.util.ArrayList<io.opentelemetry.sdk.trace.data.SpanData>();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new io.opentelemetry.sdk.trace.export.SpanExporter() {
            @Override
            public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
                recorded.addAll(spans);
                return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
            }

            @Override
            public io.opentelemetry.sdk.common.CompletableResultCode flush() {
                return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
            }

            @Override
            public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
                return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
            }
        })).build();
        provider.get("t").spanBuilder("s").startSpan().end();
        provider.shutdown().join(5, TimeUnit.SECONDS);
        boolean ok = exporter.export(recorded).join(10, TimeUnit.SECONDS).isSuccess();
        exporter.shutdown();
        return ok;
    }

    @Test
    void grpcNeedsTheIngestToken() {
        assertThat(export(null)).isFalse();
        assertThat(export("wrong")).isFalse();
        assertThat(export("s3cret")).isTrue();
    }

    @Test
    void httpNeedsTheIngestToken() {
        TraceApiClient api = new TraceApiClient(port);
        assertThat(api.post("/v1/traces", "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json").status()).isEqualTo(401);
        assertThat(api.post("/v1/traces", "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "Authorization", "Bearer s3cret").status()).isEqualTo(200);
    }
}
