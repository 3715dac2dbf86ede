package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.SpanAppender;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The transport-independent half of OTLP ingest, shared by HTTP and gRPC: rate limit, validate,
 * apply per-tenant limits, append (durably) and build the partial-success answer. Thread-safe.
 *
 * <p>Limits as Tempo's: over the byte rate ({@code RATE_LIMITED}) or when an export would open
 * more live traces than the tenant may hold ({@code LIVE_TRACES_EXCEEDED}) the whole export is
 * refused with TOO_MANY_REQUESTS, which transports turn into retryable answers (429 + Retry-After,
 * RESOURCE_EXHAUSTED + RetryInfo), and nothing of it is stored; spans that would take a trace over
 * its byte limit ({@code TRACE_TOO_LARGE}) are rejected through partial success, which clients do
 * not retry, since retrying cannot help.
 */
public final class OtlpReceiver {
    private final SpanAppender storage;
    private final Function<String, TenantLimits> limits;
    private final Clock clock;
    private final Map<String, RateLimiter> buckets = new ConcurrentHashMap<>();
    private final LiveTraceLimiter liveTraces;

    /** Tempo's discard reasons, the first word of each limit's message. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String LIVE_TRACES_EXCEEDED = "LIVE_TRACES_EXCEEDED";
    public static final String TRACE_TOO_LARGE = "TRACE_TOO_LARGE";

    public OtlpReceiver(SpanAppender storage, Function<String, TenantLimits> limits, Clock clock) {
        this.storage = storage;
        this.limits = limits;
        this.clock = clock;
        this.liveTraces = new LiveTraceLimiter(clock);
    }

    /**
     * Stores what is valid of {@code request}; returns once it is durable.
     *
     * @throws IngestRefused over the tenant's byte rate or live traces (nothing stored)
     * @throws SuiteException UNAVAILABLE when storage fails
     */
    public ExportResult export(String tenant, ExportTraceServiceRequest request, long wireBytes) {
        TenantLimits l = limits.apply(tenant);
        RateLimiter bucket = buckets.computeIfAbsent(tenant, t -> new RateLimiter(clock, l.burstBytes()));
        if (!bucket.tryTake(wireBytes, l.bytesPerSecond(), l.burstBytes())) {
            throw rateLimited(tenant, l);
        }
        DecodedExport d = OtlpDecoder.decode(request, l.spans());
        int[] live = new int[1];
        LiveTraceLimiter.Admission a = liveTraces.admit(tenant, d.spans(), l, live);
        if (a == null) {
            throw liveTracesExceeded(tenant, l, live[0]);
        }
        try {
            storage.append(tenant, a.kept());
        } catch (RuntimeException e) {
            a.undo().run();
            throw e;
        }
        int rejected = d.rejected() + a.tooLarge();
        String reason = d.rejectReason();
        if (reason == null && a.tooLarge() > 0) {
            reason = traceTooLarge(tenant, a.firstTooLarge(), l);
        }
        return new ExportResult(a.kept().size(), rejected, reason == null ? "" : reason);
    }

    static IngestRefused rateLimited(String tenant, TenantLimits l) {
        return new IngestRefused(RATE_LIMITED + ": ingestion rate limit exceeded [tenant=" + tenant
                + ", limit=" + l.bytesPerSecond() + " bytes/s, burst=" + l.burstBytes() + " bytes]", 1);
    }

    /** Live traces go idle within {@code traceIdle}: the retry waits for half of it. */
    static IngestRefused liveTracesExceeded(String tenant, TenantLimits l, int live) {
        return new IngestRefused(LIVE_TRACES_EXCEEDED + ": max live traces per tenant exceeded [tenant="
                + tenant + ", limit=" + l.maxLiveTraces() + ", live=" + live + "]",
                Math.max(1, l.traceIdle().toSeconds() / 2));
    }

    /** Why spans of a trace are rejected (partial success, not retried); not thrown. */
    static String traceTooLarge(String tenant, TraceId id, TenantLimits l) {
        return TRACE_TOO_LARGE + ": max bytes per trace exceeded [tenant=" + tenant + ", traceId=" + id.hex() + ", limit="
                + l.maxTraceBytes() + " bytes]";
    }
}
