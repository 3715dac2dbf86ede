package ai.gatewayz.obs.sim.telemetry;

import ai.gatewayz.obs.sim.core.Attempt;
import ai.gatewayz.obs.sim.core.AttemptResult;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.routing.BreakerState;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The backend's log lines for a chat request (contract section 5.4): request lines of the
 * trace-context middleware, TTFC and stream-completion lines, provider failures with the texts the
 * dashboards grep for (timeout, 429, circuit breaker...), slow requests, and breaker transitions.
 * Request context goes into the MDC ({@code trace_id}, {@code span_id}, {@code user},
 * {@code api_key_hash}, {@code provider}, {@code model}, and {@code error_type} on failure lines), from
 * where loki4j takes structured metadata (never labels: they vary per request). Thread-safe.
 */
public final class LogEmitter {
    private static final Logger REQUEST = LoggerFactory.getLogger("src.middleware.trace_context_middleware");
    private static final Logger CHAT = LoggerFactory.getLogger("src.routes.chat");
    private static final Logger FAILOVER = LoggerFactory.getLogger("src.services.provider_failover");
    private static final Logger BREAKER = LoggerFactory.getLogger("src.services.circuit_breaker");
    private static final Logger SECURITY = LoggerFactory.getLogger("src.security.rate_limiting");
    private static final Logger SCENARIO = LoggerFactory.getLogger("src.ops.deploy");

    public void outcome(Outcome o, String traceId, String spanId, String method, String path) {
        MDC.put("trace_id", traceId);
        MDC.put("span_id", spanId);
        if (o.user() != null) {
            MDC.put("user", o.user().id());
        }
        MDC.put("model", o.modelLabel());
        if (o.provider() != null) {
            MDC.put("provider", o.provider());
        }
        String key = o.user() != null ? o.user().apiKey() : o.request().apiKey();
        if (key != null && !key.isEmpty()) {
            // the same hash the inference span carries as user.api_key_hash, never the key itself
            MDC.put("api_key_hash", Integer.toHexString(key.hashCode()));
        }
        try {
            REQUEST.info("{} {}", method, path);
            for (Attempt a : o.attempts()) {
                MDC.put("provider", a.provider());
                if (a.result().errorType() != null) {
                    MDC.put("error_type", a.result().errorType());
                } else {
                    MDC.remove("error_type");
                }
                if (a.result() == AttemptResult.BREAKER_OPEN) {
                    FAILOVER.warn("Circuit breaker OPEN for provider {}, skipping {} and failing over", a.provider(), a.model());
                } else if (a.result() == AttemptResult.TIMEOUT) {
                    FAILOVER.warn("Provider {} timed out for {} after {}s: {}", a.provider(), a.model(), secs(a.durationMs()), a.errorMessage());
                } else if (a.result() == AttemptResult.RATE_LIMITED) {
                    FAILOVER.warn("Provider {} rate limit hit (429 Too Many Requests) for {}: {}", a.provider(), a.model(), a.errorMessage());
                } else if (!a.success()) {
                    FAILOVER.error("Provider {} failed for {}: {}", a.provider(), a.model(), a.errorMessage());
                }
            }
            MDC.remove("error_type");
            if (o.provider() != null) {
                MDC.put("provider", o.provider());
            }
            if (o.fallbackUsed()) {
                FAILOVER.info("Failover succeeded: {} served by {} after {} attempts", o.modelLabel(), o.provider(), o.attempts().size());
            }
            Attempt win = o.winningAttempt();
            if (win != null && o.request().stream()) {
                double ttfc = o.ttfcMs() / 1000.0;
                if (ttfc > 10) {
                    CHAT.warn("⚠️ [TTFC CRITICAL] Slow first chunk: {}s for {}/{} (threshold: 2.0s, timeout: 30.0s)", fmt(ttfc), win.provider(), win.model());
                } else if (ttfc > 2) {
                    CHAT.warn("⚠️ [TTFC WARNING] Slow first chunk: {}s for {}/{} (threshold: 2.0s, timeout: 30.0s)", fmt(ttfc), win.provider(), win.model());
                } else {
                    CHAT.info("✓ [TTFC] First chunk in {}s for {}/{}", fmt(ttfc), win.provider(), win.model());
                }
                CHAT.info("[STREAM] Stream completed with {} chunks, accumulated content length: {}", o.chunks(), o.outputTokens() * 4);
            }
            if (!o.request().stream() && o.totalMs() > 10_000) {
                REQUEST.warn("🐢 SLOW REQUEST: {} {} took {}s (status={}, size={}b)", method, path, secs(o.totalMs()), o.status(),
                    o.outputTokens() * 4 + 300);
            }
            if (o.status() != 200) {
                // the exception class of the last failed upstream call, else the API error type (auth, validation)
                String type = o.errorType();
                for (Attempt a : o.attempts()) {
                    if (a.result().errorType() != null) {
                        type = a.result().errorType();
                    }
                }
                if (type != null) {
                    MDC.put("error_type", type);
                }
            }
            switch (o.status()) {
                case 200 -> REQUEST.info("{} {} - {}", method, path, o.status());
                case 401 -> REQUEST.warn("{} {} - 401 Unauthorized: invalid API key", method, path);
                case 404 -> REQUEST.warn("{} {} - 404: model {} not found", method, path, o.request().model());
                case 429 -> SECURITY.warn("{} {} - 429 Too Many Requests: rate limit exceeded for {}", method, path,
                    o.user() == null ? "anonymous" : o.user().id());
                default -> REQUEST.error("{} {} - Error: {} ({})", method, path, o.errorMessage(), o.status());
            }
        } finally {
            MDC.clear();
        }
    }

    public void breakerTransition(String provider, String model, BreakerState from, BreakerState to) {
        MDC.put("provider", provider);
        if (model != null) {
            MDC.put("model", model);
        }
        try {
            String what = model == null ? provider : provider + ":" + model;
            if (to == BreakerState.OPEN) {
                BREAKER.warn("Circuit breaker for {} transitioned {} -> {}", what, upper(from), upper(to));
            } else {
                BREAKER.info("Circuit breaker for {} transitioned {} -> {}", what, upper(from), upper(to));
            }
        } finally {
            MDC.clear();
        }
    }

    public void scenario(String message) {
        SCENARIO.warn(message);
    }

    private static String upper(BreakerState s) {
        return s.name().toUpperCase(Locale.ROOT);
    }

    private static String secs(long ms) {
        return fmt(ms / 1000.0);
    }

    private static String fmt(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }
}
