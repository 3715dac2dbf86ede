package ai.gatewayz.obs.sim.telemetry;

import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Stage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of the backend's {@code /metrics} that Micrometer cannot express, appended to its
 * exposition: the Redis INFO gauges whose names end in {@code _total} (the Prometheus Java model
 * reserves that suffix for counters) and the families the backend declares but never writes, which
 * appear as {@code # HELP}/{@code # TYPE} lines without samples (labelled) or with a constant 0
 * (unlabelled), exactly as prometheus_client renders them. Thread-safe.
 */
public final class ExtraExposition {
    private record Family(String name, String type, String help, boolean labelled, boolean filledByFlag) {
    }

    /** Contract section 2.1, "Written? = no / synthetic only" plus written families the simulation never triggers. */
    private static final List<Family> DECLARED = List.of(
        new Family("fastapi_exceptions_total", "counter", "Unhandled exceptions by type", true, true),
        new Family("fastapi_app_info", "gauge", "FastAPI application info", true, false),
        new Family("concurrency_rejected_total", "counter", "Requests rejected by the concurrency limiter", true, false),
        new Family("catalog_cache_invalidations_total", "counter", "Catalogue cache invalidations", true, false),
        new Family("cache_size_bytes", "gauge", "Cache size in bytes", true, false),
        new Family("butter_cache_requests_total", "counter", "Butter cache requests", true, false),
        new Family("gatewayz_api_cost_usd_total", "counter", "Provider cost (USD)", true, true),
        new Family("gatewayz_api_cost_per_request_usd", "histogram", "Cost per request (USD)", true, true),
        new Family("gatewayz_cost_per_1k_tokens_usd", "histogram", "Cost per 1k tokens (USD)", true, true),
        new Family("gatewayz_daily_cost_estimate_usd", "gauge", "Projected daily cost", true, true),
        new Family("gatewayz_monthly_cost_estimate_usd", "gauge", "Projected monthly cost", true, true),
        new Family("gatewayz_cache_cost_savings_usd_total", "counter", "Cost saved by caches", true, true),
        new Family("gatewayz_user_cost_by_plan_usd_total", "counter", "Cost by plan", true, false),
        new Family("user_credit_balance", "gauge", "Credit balance by plan", true, false),
        new Family("read_replica_queries_total", "counter", "Read replica queries", true, true),
        new Family("connection_pool_errors_total", "counter", "Connection pool errors", true, false),
        new Family("read_replica_connection_errors_total", "counter", "Read replica connection errors", false, true),
        new Family("provider_availability", "gauge", "Provider availability (0/1)", true, false),
        new Family("provider_error_rate", "gauge", "Provider error rate", true, false),
        new Family("provider_response_time_seconds", "histogram", "Provider response time", true, true),
        new Family("current_rate_limit", "gauge", "Current rate limit", true, false),
        new Family("api_key_tracking_rate", "gauge", "Share of requests tracked to a key", false, true),
        new Family("api_key_usage_total", "counter", "API key usage", true, false),
        new Family("active_api_keys", "gauge", "Active API keys", true, false),
        new Family("trial_active", "gauge", "Active trials", true, true),
        new Family("subscription_count", "gauge", "Subscriptions", true, true),
        new Family("active_connections", "gauge", "Active connections", true, false),
        new Family("queue_size", "gauge", "Queue size", true, false),
        new Family("pricing_staleness_hours", "gauge", "Hours since the last pricing sync", false, false),
        new Family("pricing_health_status", "gauge", "Pricing health", false, false));

    private final boolean fillUnwritten;
    private final long startMillis;
    private final AtomicLong hits = new AtomicLong(120_000);
    private final AtomicLong misses = new AtomicLong(9_000);
    private final AtomicLong commands = new AtomicLong(2_500_000);
    private final AtomicLong connections = new AtomicLong(4_000);
    private final AtomicLong expired = new AtomicLong(1_500);
    private final AtomicLong inFlight = new AtomicLong();

    public ExtraExposition(boolean fillUnwritten, long startMillis) {
        this.fillUnwritten = fillUnwritten;
        this.startMillis = startMillis;
    }

    /** Feeds the simulated Redis INFO counters from one request's cache operations. */
    public void observe(Outcome o) {
        long c = 0;
        for (Stage s : o.stages()) {
            if (s.cacheLayer() != null) {
                c++;
                if ("read".equals(s.cacheOp())) {
                    (s.hit() ? hits : misses).incrementAndGet();
                }
            }
        }
        commands.addAndGet(c);
        if (o.seq() % 50 == 0) {
            connections.incrementAndGet();
            expired.incrementAndGet();
        }
    }

    public void inFlight(long delta) {
        inFlight.addAndGet(delta);
    }

    /** The text to append; {@code openMetrics} selects the OpenMetrics naming of counter families. */
    public String render(boolean openMetrics, long nowMillis) {
        StringBuilder sb = new StringBuilder(4096);
        long keys = 800 + commands.get() / 1000 % 400;
        gauge(sb, "redis_up", "Redis reachable (1) or not (0)", 1);
        gauge(sb, "redis_memory_used_bytes", "Redis used memory", 52_428_800 + keys * 2048);
        gauge(sb, "redis_memory_max_bytes", "Redis maxmemory", 268_435_456);
        gauge(sb, "redis_connected_clients", "Redis connected clients", 12 + inFlight.get());
        gauge(sb, "redis_uptime_in_seconds", "Redis uptime", 86_400 + (nowMillis - startMillis) / 1000);
        gauge(sb, "redis_commands_processed_total", "Redis commands processed", commands.get());
        gauge(sb, "redis_keyspace_hits_total", "Redis keyspace hits", hits.get());
        gauge(sb, "redis_keyspace_misses_total", "Redis keyspace misses", misses.get());
        gauge(sb, "redis_expired_keys_total", "Redis expired keys", expired.get());
        gauge(sb, "redis_evicted_keys_total", "Redis evicted keys", 0);
        gauge(sb, "redis_total_connections_received_total", "Redis connections received", connections.get());
        sb.append("# HELP redis_db_keys Keys per Redis database\n# TYPE redis_db_keys gauge\n");
        sb.append("redis_db_keys{db=\"db0\"} ").append((double) keys).append('\n');
        for (Family f : DECLARED) {
            if (fillUnwritten && f.filledByFlag()) {
                continue;
            }
            String family = openMetrics && f.type().equals("counter") ? f.name().substring(0, f.name().length() - "_total".length()) : f.name();
            sb.append("# HELP ").append(family).append(' ').append(f.help()).append('\n');
            sb.append("# TYPE ").append(family).append(' ').append(f.type()).append('\n');
            if (!f.labelled()) {
                sb.append(f.name()).append(" 0.0\n");
            }
        }
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, double v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(' ').append(v).append('\n');
    }
}
