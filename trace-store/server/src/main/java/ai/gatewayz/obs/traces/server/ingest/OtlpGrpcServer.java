package ai.gatewayz.obs.traces.server.ingest;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.server.storage.TraceStoreProperties;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import ai.gatewayz.obs.traces.otlp.IngestRefused;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * OTLP/gRPC on 4317 ({@code OTLP_GRPC_PORT}; -1 disables): grpc-java's Netty server, cleartext
 * HTTP/2 with prior knowledge (what the OpenTelemetry exporters speak), gzip accepted, 16 MiB
 * messages. Bad data is INVALID_ARGUMENT; tenant limits that lift by themselves are RESOURCE_EXHAUSTED
 * with RetryInfo, storage faults UNAVAILABLE (both retried by the exporters).
 * The tenant comes from the {@code x-scope-orgid} metadata; with ingest tokens configured the
 * {@code authorization} metadata must carry one (UNAUTHENTICATED otherwise). It listens on
 * {@code traces.otlp-address} (blank: every interface).
 */
@Component
public class OtlpGrpcServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OtlpGrpcServer.class);
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> TENANT_CTX = Context.key("tenant");

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final OtlpReceiver receiver;
    private final int port;
    private final String address;
    private final java.util.List<String> ingestTokens;
    private Server server;

    public OtlpGrpcServer(OtlpReceiver receiver, TraceStoreProperties props, ai.gatewayz.obs.http.AuthProperties auth) {
        this.receiver = receiver;
        this.port = props.grpcPort();
        this.address = props.otlpAddress();
        this.ingestTokens = auth.ingestTokens();
    }

    @Override
    public synchronized void start() {
        if (port < 0) {
            return;
        }
        ServerInterceptor tenant = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                // the same ingest tokens as /v1/traces over HTTP
                if (!ingestTokens.isEmpty() && !ai.gatewayz.obs.http.TokenAuthFilter.accepted(headers.get(AUTHORIZATION), ingestTokens)) {
                    call.close(Status.UNAUTHENTICATED.withDescription("missing or invalid ingest token"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return Contexts.interceptCall(Context.current().withValue(TENANT_CTX, headers.get(TENANT)), call, headers, next);
            }
        };
        server = NettyServerBuilder.forAddress(address.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(address, port))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .maxInboundMessageSize(16 << 20)
                .addService(ServerInterceptors.intercept(new Service(), tenant))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open OTLP gRPC port " + port, e);
        }
        log.info("OTLP gRPC listening [address={}, port={}]", address.isBlank() ? "*" : address, server.getPort());
    }

    /** The bound port (useful when configured as 0). */
    public synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                server.shutdownNow();
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * A limit that lifts by itself: RESOURCE_EXHAUSTED (as Tempo answers) with a
     * {@code google.rpc.RetryInfo} detail, which contract 4.4 requires for a retry to be wanted.
     */
    static StatusRuntimeException refused(IngestRefused e) {
        com.google.rpc.Status detail = com.google.rpc.Status.newBuilder().setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(e.retryAfterSeconds())).build()))
                .build();
        return StatusProto.toStatusRuntimeException(detail);
    }

    private final class Service extends TraceServiceGrpc.TraceServiceImplBase {
        @Override
        public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> observer) {
            try {
                String tenant = Tenants.validate(TENANT_CTX.get());
                observer.onNext(receiver.export(tenant, request, request.getSerializedSize()).toResponse());
                observer.onCompleted();
            } catch (IngestRefused e) {
                observer.onError(refused(e));
            } catch (SuiteException e) {
                Status s = switch (e.kind()) {
                    case BAD_DATA -> Status.INVALID_ARGUMENT;
                    case UNAUTHORIZED -> Status.UNAUTHENTICATED;
                    default -> Status.UNAVAILABLE;
                };
                observer.onError(s.withDescription(e.getMessage()).asRuntimeException());
            } catch (RuntimeException e) {
                log.error("OTLP gRPC export failed", e);
                observer.onError(Status.UNAVAILABLE.withDescription("export failed; retry").asRuntimeException());
            }
        }
    }
}
