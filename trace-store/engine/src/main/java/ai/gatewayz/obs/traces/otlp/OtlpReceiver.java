package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.SpanAppender;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The transport-independent half of OTLP ingest, shared by HTTP and gRPC: rate limit, validate,
 * apply per-tenant limits, append (durably) and build the partial-success answer. Thread-safe.
 */
public final class OtlpReceiver {
    private final SpanAppender storage;
    private final Function<String, TenantLimits> limits;
    private final Clock clock;
    private final Map<String, RateLimiter> buckets = new ConcurrentHashMap<>();

    public OtlpReceiver(SpanAppender storage, Function<String, TenantLimits> limits, Clock clock) {
        this.storage = storage;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Stores what is valid of {@code request}; returns once it is durable.
     *
     * @throws SuiteException TOO_MANY_REQUESTS over the tenant's rate, UNAVAILABLE when storage fails
     */
    public ExportResult export(String tenant, ExportTraceServiceRequest request, long wireBytes) {
        TenantLimits l = limits.apply(tenant);
        RateLimiter bucket = buckets.computeIfAbsent(tenant, t -> new RateLimiter(clock, l.burstBytes()));
        if (!bucket.tryTake(wireBytes, l.bytesPerSecond(), l.burstBytes())) {
            throw rateLimited(tenant, l);
        }
        DecodedExport d = OtlpDecoder.decode(request, l.spans());
        List<Span> spans = d.spans();
        int rejected = d.rejected();
        String reason = d.rejectReason();
        Map<TraceId, Long> traceBytes = new HashMap<>();
        List<Span> kept = new ArrayList<>(spans.size());
        for (Span s : spans) {
            long total = traceBytes.merge(s.traceId(), (long) s.approximateBytes(), Long::sum);
            if (total > l.maxTraceBytes()) {
                rejected++;
                reason = reason != null ? reason : "trace too large [traceId=" + s.traceId().hex() + ", limit=" + l.maxTraceBytes() + " bytes]";
                continue;
            }
            kept.add(s);
        }
        storage.append(tenant, kept);
        return new ExportResult(kept.size(), rejected, reason == null ? "" : reason);
    }

    static SuiteException rateLimited(String tenant, TenantLimits l) {
        return new SuiteException(ErrorKind.TOO_MANY_REQUESTS, "ingestion rate limit exceeded [tenant=" + tenant
                + ", limit=" + l.bytesPerSecond() + " bytes/s, burst=" + l.burstBytes() + " bytes]");
    }
}
