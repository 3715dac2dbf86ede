package ai.gatewayz.obs.sim.gateway;

import ai.gatewayz.obs.sim.core.ChatRequest;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Stage;
import ai.gatewayz.obs.sim.telemetry.ExtraExposition;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import ai.gatewayz.obs.sim.telemetry.LogEmitter;
import ai.gatewayz.obs.sim.telemetry.Profiling;
import ai.gatewayz.obs.sim.telemetry.TraceEmitter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's request path with its telemetry: simulate a request (state changes happen at
 * arrival, in arrival order), then emit its spans, metrics (with the SERVER span current, so
 * histograms and counters get {@code trace_id} exemplars), log lines and profiled work. Used by
 * the HTTP API and the traffic generator alike. Thread-safe.
 */
public final class GatewayService {
    /** Trace context of an emitted request (null ids when tracing is off). */
    public record Emitted(String traceId, String spanId, Span span) {
    }

    private final GatewaySimulator sim;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final ExtraExposition extra;
    private final TraceEmitter traces;
    private final LogEmitter logs;
    private final Profiling profiling;
    private final AtomicLong seq = new AtomicLong();

    public GatewayService(GatewaySimulator sim, Clock clock, GatewayMetrics metrics, ExtraExposition extra, TraceEmitter traces,
                          LogEmitter logs, Profiling profiling) {
        this.sim = sim;
        this.clock = clock;
        this.metrics = metrics;
        this.extra = extra;
        this.traces = traces;
        this.logs = logs;
        this.profiling = profiling;
    }

    public GatewaySimulator simulator() {
        return sim;
    }

    public Clock clock() {
        return clock;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Runs the request through the simulated gateway now; no telemetry yet. */
    public Outcome simulate(ChatRequest req) {
        long n = seq.getAndIncrement();
        Outcome o = sim.handle(n, req, clock.instant());
        metrics.velocity(sim.takeVelocityChange());
        return o;
    }

    /**
     * Emits every signal of a finished request. {@code recordHttp} adds the HTTP-layer metrics
     * (for generated traffic; real HTTP requests get them from the servlet filter).
     */
    public Emitted emit(Outcome o, boolean recordHttp, long requestBytes, long responseBytes) {
        Span root = traces != null ? traces.emit(o, "POST", GatewayMetrics.CHAT_ENDPOINT) : Span.getInvalid();
        boolean valid = root.getSpanContext().isValid();
        String traceId = valid ? root.getSpanContext().getTraceId() : null;
        String spanId = valid ? root.getSpanContext().getSpanId() : null;
        try (Scope ignored = root.makeCurrent()) {
            metrics.outcome(o);
            if (recordHttp) {
                metrics.http("POST", GatewayMetrics.CHAT_ENDPOINT, o.status(), o.totalMs() / 1000.0, requestBytes, responseBytes);
            }
            logs.outcome(o, traceId, spanId, "POST", GatewayMetrics.CHAT_ENDPOINT);
        }
        extra.observe(o);
        return new Emitted(traceId, spanId, root);
    }

    /**
     * The CPU work of a request, under profile labels: cache key hashing per cache operation
     * ({@code cache_layer}, {@code cache_op}) and rendering the completion ({@code provider}, {@code model}).
     * Returns the completion text (null when the request failed). Samples carry the current span's id.
     */
    public String work(Outcome o, long maxTokens) {
        SpanContext c = Span.current().getSpanContext();
        return work(o, maxTokens, c.isValid() && c.isSampled() ? c.getSpanId() : null);
    }

    /**
     * {@link #work(Outcome, long)} with the request's span id as the {@code span_id} profile label
     * (the pyroscope-java OpenTelemetry integration's convention), so SelectMergeSpanProfile finds
     * the request's samples; null adds none.
     */
    public String work(Outcome o, long maxTokens, String spanId) {
        for (Stage s : o.stages()) {
            if (s.cacheLayer() != null) {
                profiling.labelled(() -> hash(s.cacheLayer() + ":" + o.seq()),
                    withSpan(spanId, "cache_layer", s.cacheLayer(), "cache_op", s.cacheOp()));
            }
        }
        if (!o.success()) {
            return null;
        }
        String[] out = new String[1];
        long tokens = Math.min(o.outputTokens(), maxTokens);
        String provider = o.provider() == null ? "onerouter" : o.provider();
        profiling.labelled(() -> out[0] = ContentGenerator.text(o.seq(), tokens), withSpan(spanId, "provider", provider, "model", o.modelLabel()));
        return out[0];
    }

    private static String[] withSpan(String spanId, String... labels) {
        if (spanId == null) {
            return labels;
        }
        String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
        out[labels.length] = "span_id";
        out[labels.length + 1] = spanId;
        return out;
    }

    private static void hash(String key) {
        try {
            MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
