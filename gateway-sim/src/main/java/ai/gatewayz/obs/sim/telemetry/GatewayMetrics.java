package ai.gatewayz.obs.sim.telemetry;

import ai.gatewayz.obs.sim.core.Attempt;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Stage;
import ai.gatewayz.obs.sim.core.VelocityMode;
import ai.gatewayz.obs.sim.routing.BreakerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The backend's Prometheus metrics (contract section 2) written through Micrometer: names, types,
 * labels and buckets as the contract lists them. Counter names carry {@code _total}; histograms are
 * {@link ClassicHistogram}s with exactly the contract's buckets (not Micrometer distribution
 * summaries, which count whole units only). Families the backend declares but never writes are left
 * to {@link ExtraExposition} unless {@code fillUnwritten} is on. Thread-safe.
 */
public final class GatewayMetrics {
    public static final String CHAT_ENDPOINT = "/v1/chat/completions";

    private final MeterRegistry r;
    private final HistogramFamilies histograms;
    private final String appName;
    private final boolean fillUnwritten;
    private final Map<String, AtomicLong> inProgress = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> breakerGauges = new ConcurrentHashMap<>();
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong velocityActive = new AtomicLong();
    private final AtomicLong velocityTriggerRequests = new AtomicLong();
    private final AtomicLong velocityTriggerErrors = new AtomicLong();
    private final Map<String, Double> velocityRate = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> dailyCost = new ConcurrentHashMap<>();
    private final AtomicLong poolActive = new AtomicLong();

    /** Histograms go to the registry's Prometheus registry (a private one for other registries), without exemplars. */
    public GatewayMetrics(MeterRegistry registry, String appName, boolean fillUnwritten) {
        this(registry, registry instanceof PrometheusMeterRegistry p ? p.getPrometheusRegistry() : new PrometheusRegistry(),
            ClassicHistogram.ExemplarSource.NONE, Clock.systemUTC(), appName, fillUnwritten);
    }

    public GatewayMetrics(MeterRegistry registry, PrometheusRegistry histogramRegistry, ClassicHistogram.ExemplarSource exemplars,
                          Clock clock, String appName, boolean fillUnwritten) {
        this.r = registry;
        this.histograms = new HistogramFamilies(histogramRegistry, exemplars, clock);
        this.appName = appName;
        this.fillUnwritten = fillUnwritten;
        velocityRate.put("v", 0.0);
        Gauge.builder("concurrency_active_requests", active, AtomicLong::get).description("Requests being processed").register(r);
        Gauge.builder("concurrency_queued_requests", () -> 0).description("Requests waiting for a slot").register(r);
        Gauge.builder("velocity_mode_active", velocityActive, AtomicLong::get).description("Velocity mode on (1) or off (0)").register(r);
        Gauge.builder("velocity_mode_error_rate", velocityRate, m -> m.get("v")).description("Error rate that triggered velocity mode").register(r);
        Gauge.builder("velocity_mode_trigger_request_count", velocityTriggerRequests, AtomicLong::get)
            .description("Requests in the window that triggered velocity mode").register(r);
        Gauge.builder("velocity_mode_trigger_error_count", velocityTriggerErrors, AtomicLong::get)
            .description("Errors in the window that triggered velocity mode").register(r);
        Gauge.builder("models_using_default_pricing", () -> 3).description("Models priced with the default table").register(r);
        for (String pool : new String[] {"supabase", "supabase_read_replica"}) {
            Tags t = Tags.of("pool_name", pool);
            Gauge.builder("connection_pool_size", () -> 20).tags(t).description("Pool size").register(r);
            Gauge.builder("connection_pool_active_connections", poolActive, a -> Math.min(20, a.get())).tags(t)
                .description("Connections in use").register(r);
            Gauge.builder("connection_pool_idle_connections", poolActive, a -> 20 - Math.min(20, a.get())).tags(t)
                .description("Idle connections").register(r);
            Gauge.builder("connection_pool_utilization_ratio", poolActive, a -> Math.min(20, a.get()) / 20.0).tags(t)
                .description("Share of the pool in use").register(r);
        }
        // unlabelled families exist from the start (prometheus_client renders them with 0)
        counter("velocity_mode_activations_total", "Velocity mode activations");
        hist("velocity_mode_duration_seconds", "How long velocity mode lasted", Buckets.VELOCITY_SECONDS);
        if (fillUnwritten) {
            Gauge.builder("api_key_tracking_rate", () -> 0.98).description("Share of requests tracked to a key").register(r);
            Gauge.builder("trial_active", () -> 7).tags("status", "active").description("Active trials").register(r);
            Gauge.builder("subscription_count", () -> 31).tags("plan_type", "pro", "billing_cycle", "monthly")
                .description("Subscriptions").register(r);
            io.micrometer.core.instrument.FunctionCounter.builder("read_replica_connection_errors_total", this, x -> 0)
                .description("Read replica connection errors").register(r);
            counter("read_replica_queries_total", "Read replica queries", "table", "api_keys", "status", "success");
            counter("fastapi_exceptions_total", "Unhandled exceptions", "app_name", appName, "exception_type", "HTTPException");
        }
    }

    /** One HTTP request as the ObservabilityMiddleware records it ({@code /metrics} is never recorded). */
    public void http(String method, String rawPath, int status, double seconds, long requestBytes, long responseBytes) {
        String path = PathNormalizer.normalize(rawPath);
        String code = Integer.toString(status);
        String cls = status >= 200 && status < 300 ? "2xx" : status >= 400 && status < 500 ? "4xx" : status >= 500 && status < 600 ? "5xx" : "other";
        counter("fastapi_requests_total", "Total HTTP requests", "app_name", appName, "method", method, "path", path, "status_code", code,
            "status_class", cls).increment();
        hist("fastapi_requests_duration_seconds", "HTTP request duration", Buckets.HTTP_SECONDS, "app_name", appName, "method", method,
            "path", path).record(seconds);
        counter("http_requests_total", "Total HTTP requests", "method", method, "endpoint", path, "status_code", code, "status_class", cls)
            .increment();
        hist("http_request_duration_seconds", "HTTP request duration", Buckets.HTTP_SECONDS, "method", method, "endpoint", path).record(seconds);
        hist("fastapi_request_size_bytes", "HTTP request size", Buckets.SIZE_BYTES, "app_name", appName, "method", method, "path", path)
            .record(requestBytes);
        hist("fastapi_response_size_bytes", "HTTP response size", Buckets.SIZE_BYTES, "app_name", appName, "method", method, "path", path)
            .record(responseBytes);
        if (fillUnwritten && status >= 500) {
            counter("fastapi_exceptions_total", "Unhandled exceptions", "app_name", appName, "exception_type", "HTTPException").increment();
        }
    }

    /** Marks a request in progress until the returned handle is closed. */
    public AutoCloseable started(String method, String rawPath) {
        String path = PathNormalizer.normalize(rawPath);
        AtomicLong g = inProgress.computeIfAbsent(method + " " + path, k -> {
            AtomicLong a = new AtomicLong();
            Gauge.builder("fastapi_requests_in_progress", a, AtomicLong::get).description("HTTP requests in progress")
                .tags("app_name", appName, "method", method, "path", path).register(r);
            return a;
        });
        g.incrementAndGet();
        active.incrementAndGet();
        poolActive.incrementAndGet();
        return () -> {
            g.decrementAndGet();
            active.decrementAndGet();
            poolActive.decrementAndGet();
        };
    }

    /** Everything the chat handler records for one request (HTTP-layer metrics excluded). */
    public void outcome(Outcome o) {
        boolean stream = o.request().stream();
        Map<String, Double> stageTotals = new LinkedHashMap<>();
        for (Stage s : o.stages()) {
            stageTotals.merge(s.name(), s.durationMs() / 1000.0, Double::sum);
            if (s.cacheLayer() != null && "read".equals(s.cacheOp())) {
                counter(s.hit() ? "cache_hits_total" : "cache_misses_total", s.hit() ? "Cache hits" : "Cache misses", "cache_name", s.cacheLayer())
                    .increment();
            }
            if ("db_lookup".equals(s.cacheOp())) {
                counter("database_queries_total", "Database queries", "table", "api_keys", "operation", "select").increment();
                Timer.builder("database_query_duration_seconds").description("Database query duration").tags("table", "api_keys").register(r)
                    .record(Duration.ofMillis(s.durationMs()));
                counter("api_key_lookup_attempts_total", "API key lookups", "status", o.user() != null ? "success" : "failed").increment();
            }
        }
        if (fillUnwritten && o.user() != null && o.success()) {
            counter("read_replica_queries_total", "Read replica queries", "table", "api_keys", "status", "success").increment();
        }
        if (o.user() == null) {
            counter("api_key_tracking_failures_total", "Requests not tracked to a key", "reason", "not_found").increment();
        } else {
            counter("api_key_tracking_success_total", "Requests tracked to a key", "request_type", "chat_completion").increment();
        }
        stageTotals.forEach((stage, sec) -> hist("request_stage_duration_seconds", "Duration of a request stage", Buckets.STAGE_SECONDS,
            "stage", stage, "endpoint", CHAT_ENDPOINT).record(sec));
        Double parsing = stageTotals.get("request_parsing");
        if (parsing != null) {
            hist("frontend_processing_seconds", "Gateway processing before the backend call", Buckets.FRONTEND_SECONDS,
                "endpoint", CHAT_ENDPOINT).record(parsing);
        }
        if (o.catalogResult() != null && o.model() != null) {
            String gw = o.model().providers().get(0);
            boolean l1 = o.catalogResult().equals("l1");
            boolean l2 = o.catalogResult().equals("l2");
            counter("catalog_cache_operations_total", "Catalogue cache operations", "operation", "get", "cache_layer", "l1", "result",
                l1 ? "hit" : "miss").increment();
            if (!l1) {
                counter("catalog_cache_operations_total", "Catalogue cache operations", "operation", "get", "cache_layer", "l2", "result",
                    l2 ? "hit" : "miss").increment();
            }
            counter(l1 || l2 ? "catalog_cache_hits_total" : "catalog_cache_misses_total", "Catalogue cache lookups", "gateway", gw).increment();
        }
        if (o.rateLimited()) {
            counter("rate_limited_requests_total", "Requests rejected by rate limiting", "limit_type", "security_ip_tier").increment();
        }
        for (Attempt a : o.attempts()) {
            if (!a.result().sent()) {
                counter("circuit_breaker_rejected_requests_total", "Calls refused by an open breaker", "provider", a.provider()).increment();
                continue;
            }
            double sec = a.durationMs() / 1000.0;
            String st = a.success() ? "success" : "error";
            counter("model_inference_requests_total", "Inference calls", "provider", a.provider(), "model", a.model(), "status", st).increment();
            hist("model_inference_duration_seconds", "Inference call duration", Buckets.INFERENCE_SECONDS, "provider", a.provider(),
                "model", a.model()).record(sec);
            hist("provider_response_duration_seconds", "Provider response time", Buckets.PROVIDER_RESPONSE_SECONDS, "provider", a.provider(),
                "model", a.model(), "status", st).record(sec);
            if (a.durationMs() > 30_000) {
                counter("provider_slow_requests_total", "Provider calls over 30 s", "provider", a.provider(), "model", a.model(), "severity",
                    a.durationMs() > 45_000 ? "very_slow" : "slow").increment();
            }
            String state = a.breakerState() == null ? "closed" : a.breakerState().label();
            counter(a.success() ? "circuit_breaker_successes_total" : "circuit_breaker_failures_total",
                a.success() ? "Breaker-observed successes" : "Breaker-observed failures", "provider", a.provider(), "state", state).increment();
            if (fillUnwritten) {
                hist("provider_response_time_seconds", "Provider response time", Buckets.PROVIDER_RESPONSE_TIME_SECONDS, "provider", a.provider())
                    .record(sec);
            }
        }
        Attempt win = o.winningAttempt();
        if (win != null) {
            String p = win.provider();
            String m = win.model();
            if (o.inputTokens() > 0) {
                counter("tokens_used_total", "Tokens used", "provider", p, "model", m, "token_type", "input").increment(o.inputTokens());
            }
            if (o.outputTokens() > 0) {
                counter("tokens_used_total", "Tokens used", "provider", p, "model", m, "token_type", "output").increment(o.outputTokens());
            }
            counter("credits_used_total", "Credits used (USD)", "provider", p, "model", m).increment(o.costUsd());
            counter("gatewayz_token_count_source_total", "Where token counts came from", "provider", p, "model", m, "source", "provider").increment();
            String endpoint = CHAT_ENDPOINT;
            hist("backend_ttfb_seconds", "Time to the backend's first byte", Buckets.TTFB_SECONDS, "provider", p, "model", m, "endpoint", endpoint)
                .record((win.startMs() + win.ttfcMs()) / 1000.0);
            if (stream) {
                hist("time_to_first_chunk_seconds", "Time to the first streamed chunk", Buckets.TTFC_SECONDS, "provider", p, "model", m)
                    .record(o.ttfcMs() / 1000.0);
                hist("streaming_duration_seconds", "Streaming duration after the first chunk", Buckets.TTFB_SECONDS, "provider", p, "model", m,
                    "endpoint", endpoint).record((win.endMs() - o.ttfcMs()) / 1000.0);
            }
            counter("gatewayz_credit_deduction_total", "Credit deductions", "status", "success", "endpoint", endpoint, "is_streaming",
                Boolean.toString(stream)).increment();
            counter("gatewayz_credit_deduction_amount_usd_total", "Credits deducted (USD)", "status", "success", "endpoint", endpoint)
                .increment(o.costUsd());
            hist("gatewayz_credit_deduction_latency_seconds", "Credit deduction latency", Buckets.CREDIT_LATENCY_SECONDS, "endpoint", endpoint,
                "is_streaming", Boolean.toString(stream)).record(0.004 + (o.seq() % 7) * 0.003);
            counter("gatewayz_pricing_cache_hits_total", "Pricing cache hits", "cache_name", "model_pricing").increment();
            counter("cache_hits_total", "Cache hits", "cache_name", "model_pricing").increment();
            if (o.model().free() && o.user() != null) {
                counter("free_model_usage_total", "Free model requests", "user_status", o.user().status(), "model", m).increment();
            }
            if (fillUnwritten) {
                counter("gatewayz_api_cost_usd_total", "Provider cost (USD)", "provider", p, "model", m).increment(o.costUsd());
                hist("gatewayz_api_cost_per_request_usd", "Cost per request (USD)", Buckets.COST_PER_REQUEST_USD, "provider", p, "model", m)
                    .record(o.costUsd());
                hist("gatewayz_cost_per_1k_tokens_usd", "Cost per 1k tokens (USD)", Buckets.COST_PER_1K_USD, "provider", p, "model", m,
                    "token_type", "output").record(o.model().outputPerMTok() / 1000.0);
                DoubleAdder d = dailyCost.computeIfAbsent(p, k -> {
                    DoubleAdder a = new DoubleAdder();
                    Gauge.builder("gatewayz_daily_cost_estimate_usd", a, x -> x.sum() * 24).tags("provider", k)
                        .description("Projected daily cost").register(r);
                    Gauge.builder("gatewayz_monthly_cost_estimate_usd", a, x -> x.sum() * 24 * 30).tags("provider", k)
                        .description("Projected monthly cost").register(r);
                    return a;
                });
                d.add(o.costUsd());
            }
        } else if (o.responseCacheHit() && fillUnwritten && o.model() != null) {
            counter("gatewayz_cache_cost_savings_usd_total", "Cost saved by caches", "provider", o.provider(), "model", o.model().canonical(),
                "cache_type", "response_cache").increment(o.model().cost(o.inputTokens(), o.outputTokens()));
        }
        if (o.status() >= 500 && o.model() != null && !o.attempts().isEmpty() && o.attempts().stream().anyMatch(a -> a.result().sent())) {
            counter("gatewayz_credit_refunds_total", "Credit refunds", "reason", "provider_error").increment();
        }
    }

    /** A provider breaker moved: transitions counter and the one-hot state gauge (written on transitions only). */
    public void breakerTransition(String provider, BreakerState from, BreakerState to) {
        counter("circuit_breaker_state_transitions_total", "Breaker state transitions", "provider", provider, "from_state", from.label(),
            "to_state", to.label()).increment();
        for (BreakerState s : BreakerState.values()) {
            AtomicLong g = breakerGauges.computeIfAbsent(provider + "|" + s.label(), k -> {
                AtomicLong a = new AtomicLong();
                Gauge.builder("circuit_breaker_current_state", a, AtomicLong::get).description("Breaker state (one-hot)")
                    .tags("provider", provider, "state", s.label()).register(r);
                return a;
            });
            g.set(s == to ? 1 : 0);
        }
    }

    /** Velocity mode switched on or off. */
    public void velocity(VelocityMode.Change c) {
        if (c == null) {
            return;
        }
        if (c.activated()) {
            counter("velocity_mode_activations_total", "Velocity mode activations").increment();
            counter("rate_limited_requests_total", "Requests rejected by rate limiting", "limit_type", "velocity_mode_activated").increment();
            velocityActive.set(1);
            velocityRate.put("v", c.errorRate());
            velocityTriggerRequests.set(c.requests());
            velocityTriggerErrors.set(c.errors());
        } else if (c.deactivated()) {
            hist("velocity_mode_duration_seconds", "How long velocity mode lasted", Buckets.VELOCITY_SECONDS).record(c.activeForMs() / 1000.0);
            velocityActive.set(0);
            velocityRate.put("v", 0.0);
            velocityTriggerRequests.set(0);
            velocityTriggerErrors.set(0);
        }
    }

    /** The histogram families written so far (for the ground truth of what was observed). */
    public HistogramFamilies histograms() {
        return histograms;
    }

    private Counter counter(String name, String help, String... tags) {
        return Counter.builder(name).description(help).tags(tags).register(r);
    }

    private HistogramSeries hist(String name, String help, double[] buckets, String... tags) {
        String[][] namesAndValues = HistogramFamilies.split(tags);
        ClassicHistogram h = histograms.family(name, help, buckets, namesAndValues[0]);
        return v -> h.observe(v, namesAndValues[1]);
    }

    /** One labelled series of a histogram family. */
    @FunctionalInterface
    private interface HistogramSeries {
        void record(double value);
    }
}
