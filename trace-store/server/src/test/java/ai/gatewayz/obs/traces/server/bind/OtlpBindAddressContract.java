package ai.gatewayz.obs.traces.server.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.testkit.FreePorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Both OTLP ports listen on one expected address (a second loopback address, so a connection to
 * 127.0.0.1 on the same port must be refused) and take exports there. Subclasses choose how the
 * address is configured.
 */
abstract class OtlpBindAddressContract {
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

    /** The address the OTLP ports must listen on, and only there. */
    abstract String expectedAddress();

    @Test
    void otlpHttpListensOnTheConfiguredAddressOnly() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + expectedAddress() + ":" + HTTP + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertRefused("127.0.0.1", HTTP);
    }

    @Test
    void otlpGrpcListensOnTheConfiguredAddressOnly() {
        var exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://" + expectedAddress() + ":" + GRPC).build();
        CompletableResultCode[] result = new CompletableResultCode[1];
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "bind-test")))
                .addSpanProcessor(SimpleSpanProcessor.create(new io.opentelemetry.sdk.trace.export.SpanExporter() {
                    @Override
                    public CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
                        result[0] = exporter.export(spans);
                        return result[0];
                    }

                    @Override
                    public CompletableResultCode flush() {
                        return exporter.flush();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                        return exporter.shutdown();
                    }
                })).build()) {
            provider.get("bind").spanBuilder("s").startSpan().end();
            assertThat(result[0].join(10, TimeUnit.SECONDS).isSuccess()).as("gRPC export to " + expectedAddress()).isTrue();
        }
        assertRefused("127.0.0.1", GRPC);
    }

    private static void assertRefused(String host, int port) {
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
            }
        }).as(host + ":" + port).isInstanceOf(ConnectException.class);
    }

}
