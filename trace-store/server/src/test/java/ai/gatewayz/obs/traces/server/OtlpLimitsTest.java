package ai.gatewayz.obs.traces.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.gatewayz.obs.testkit.FreePorts;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Live-trace and trace-size limits on both transports, with Tempo's reasons: over the live-trace
 * limit OTLP/HTTP answers 429 + Retry-After with a {@code google.rpc.Status} body and gRPC
 * RESOURCE_EXHAUSTED with RetryInfo (both retried by exporters); a trace over its byte limit is a
 * partial success (not retried). Virtual-time expiry is covered by the engine's TenantLimitsTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "traces.max-live-traces=2", "traces.max-trace-bytes=600B", "traces.trace-idle=1h", "traces.tenant-limits.vip.max-live-traces=3"})
class OtlpLimitsTest {
    static final int GRPC = FreePorts.next();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
        r.add("traces.grpc-port", () -> GRPC);
    }

    @LocalServerPort
    int port;

    private ManagedChannel channel;

    @AfterEach
    void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String json(String traceId, String spanId, int nameLength) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"s\"}}]},"
                + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\",\"name\":\"" + "n".repeat(nameLength)
                + "\",\"kind\":2,\"startTimeUnixNano\":\"1686122000000000001\",\"endTimeUnixNano\":\"1686122000000000009\"}]}]}]}";
    }

    private TraceApiClient.Response post(String tenant, String body) {
        return new TraceApiClient(port).post("/v1/traces", body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "X-Scope-OrgID", tenant);
    }

    private TraceServiceGrpc.TraceServiceBlockingStub grpc(String tenant) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", GRPC).usePlaintext().build();
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), tenant);
        return TraceServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static ExportTraceServiceRequest proto(String json) {
        return ai.gatewayz.obs.traces.otlp.OtlpDecoder.parseJson(json);
    }

    @Test
    void httpOverTheLiveTraceLimitIs429WithRetryAfterAndTempoReason() {
        assertThat(post("h", json("00000000000000000000000000000001", "0000000000000001", 1)).status()).isEqualTo(200);
        assertThat(post("h", json("00000000000000000000000000000002", "0000000000000001", 1)).status()).isEqualTo(200);
        var r = post("h", json("00000000000000000000000000000003", "0000000000000001", 1));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("1800");
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"code\":8,\"message\":\"LIVE_TRACES_EXCEEDED: max live traces per tenant exceeded [tenant=h, limit=2, live=2]\"}");
        assertThat(new TraceApiClient(port).get("/api/traces/00000000000000000000000000000003", "X-Scope-OrgID", "h").status())
                .as("nothing of a refused export is stored").isEqualTo(404);
        // a live trace still takes spans
        assertThat(post("h", json("00000000000000000000000000000001", "0000000000000002", 1)).status()).isEqualTo(200);
    }

    @Test
    void aTenantOverrideRaisesItsOwnLimitOnly() {
        for (int t = 1; t <= 3; t++) {
            assertThat(post("vip", json("0000000000000000000000000000003" + t, "0000000000000001", 1)).status()).as("vip trace " + t).isEqualTo(200);
        }
        var r = post("vip", json("00000000000000000000000000000034", "0000000000000001", 1));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body()).contains("[tenant=vip, limit=3, live=3]");
    }

    @Test
    void grpcOverTheLiveTraceLimitIsResourceExhaustedWithRetryInfo() throws Exception {
        var stub = grpc("g");
        stub.export(proto(json("00000000000000000000000000000011", "0000000000000001", 1)));
        stub.export(proto(json("00000000000000000000000000000012", "0000000000000001", 1)));
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.export(proto(json("00000000000000000000000000000013", "0000000000000001", 1))));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription())
                .isEqualTo("LIVE_TRACES_EXCEEDED: max live traces per tenant exceeded [tenant=g, limit=2, live=2]");
        com.google.rpc.Status detail = StatusProto.fromThrowable(e);
        assertThat(detail.getDetailsCount()).isEqualTo(1);
        assertThat(detail.getDetails(0).is(RetryInfo.class)).isTrue();
        assertThat(detail.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1800);
    }

    @Test
    void aTraceOverItsByteLimitIsAPartialSuccessOnBothTransports() throws Exception {
        var r = post("s", json("00000000000000000000000000000021", "0000000000000001", 700));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"TRACE_TOO_LARGE: max bytes per trace "
                + "exceeded [tenant=s, traceId=00000000000000000000000000000021, limit=600 bytes]\"}}");
        ExportTraceServiceResponse g = grpc("s2").export(proto(json("00000000000000000000000000000022", "0000000000000001", 700)));
        assertThat(g.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(g.getPartialSuccess().getErrorMessage()).startsWith("TRACE_TOO_LARGE: max bytes per trace exceeded [tenant=s2");
    }
}
