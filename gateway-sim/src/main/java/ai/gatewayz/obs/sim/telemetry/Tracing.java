package ai.gatewayz.obs.sim.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK set up like the backend's exporter: OTLP over HTTP/protobuf
 * ({@code {endpoint}/v1/traces}) or gRPC, a batch processor with a bounded queue (2048 spans,
 * batches of 512, every 5 s by default), resource attributes of contract section 6.1. Owns the
 * provider; {@link #close()} flushes and shuts it down.
 */
public final class Tracing implements AutoCloseable {
    /**
     * Settings. {@code protocol} is {@code http/protobuf} or {@code grpc}; {@code token}, when not
     * blank, is sent as {@code Authorization: Bearer} (the trace store's ingest token).
     */
    public record Options(String protocol, String endpoint, String serviceName, String environment, int queueSize, int batchSize,
                          Duration scheduleDelay, boolean retry, String token) {
        public Options(String protocol, String endpoint, String serviceName, String environment, int queueSize, int batchSize,
                       Duration scheduleDelay) {
            this(protocol, endpoint, serviceName, environment, queueSize, batchSize, scheduleDelay, true, "");
        }

        public Options(String protocol, String endpoint, String serviceName, String environment, int queueSize, int batchSize,
                       Duration scheduleDelay, boolean retry) {
            this(protocol, endpoint, serviceName, environment, queueSize, batchSize, scheduleDelay, retry, "");
        }

        boolean hasToken() {
            return token != null && !token.isBlank();
        }
    }

    private final SdkTracerProvider provider;
    private final GuardedSpanExporter exporter;

    public Tracing(Options o) {
        SpanExporter raw;
        String target;
        if ("grpc".equalsIgnoreCase(o.protocol())) {
            target = o.endpoint();
            var b = OtlpGrpcSpanExporter.builder().setEndpoint(target).setTimeout(Duration.ofSeconds(5));
            if (o.hasToken()) {
                b.addHeader("Authorization", "Bearer " + o.token());
            }
            if (!o.retry()) {
                b.setRetryPolicy(null);
            }
            raw = b.build();
        } else if ("http/protobuf".equalsIgnoreCase(o.protocol()) || "http".equalsIgnoreCase(o.protocol())) {
            target = o.endpoint().endsWith("/v1/traces") ? o.endpoint() : o.endpoint().replaceAll("/+$", "") + "/v1/traces";
            var b = OtlpHttpSpanExporter.builder().setEndpoint(target).setTimeout(Duration.ofSeconds(5));
            if (o.hasToken()) {
                b.addHeader("Authorization", "Bearer " + o.token());
            }
            if (!o.retry()) {
                b.setRetryPolicy(null);
            }
            raw = b.build();
        } else {
            throw new IllegalArgumentException("unknown OTLP protocol [protocol=" + o.protocol() + "]");
        }
        exporter = new GuardedSpanExporter(raw, new OutageNotice("trace store", target), System::currentTimeMillis);
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
            .put("service.name", o.serviceName()).put("service.version", "2.0.3").put("service.namespace", "gatewayz")
            .put("deployment.environment", o.environment()).build()));
        provider = SdkTracerProvider.builder().setResource(resource)
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxQueueSize(o.queueSize()).setMaxExportBatchSize(o.batchSize())
                .setScheduleDelay(o.scheduleDelay()).build())
            .build();
    }

    public Tracer tracer() {
        return provider.get("gatewayz.ai_tracer", "2.0.3");
    }

    public GuardedSpanExporter exporter() {
        return exporter;
    }

    public void flush() {
        provider.forceFlush().join(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
