package ai.gatewayz.obs.sim.core;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.catalog.Model;
import ai.gatewayz.obs.sim.catalog.Provider;
import ai.gatewayz.obs.sim.routing.BreakerListener;
import ai.gatewayz.obs.sim.routing.BreakerState;
import ai.gatewayz.obs.sim.routing.ModelBreaker;
import ai.gatewayz.obs.sim.routing.ProviderBreaker;
import ai.gatewayz.obs.sim.scenario.Faults;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's request path without I/O: authentication and rate limiting through cache layers,
 * the response cache, routing with failover over the catalogue, per-provider and per-model circuit
 * breakers, and the upstream call sampled from the provider's latency and error profile plus the
 * faults of active scenarios. Each request draws from its own random stream derived from the seed
 * and its sequence number, and all time comes from the {@code start} instant, so a replay with the
 * same seed, requests and instants gives the same outcomes. Thread-safe; outcomes of concurrent
 * requests depend on their interleaving through breaker state.
 */
public final class GatewaySimulator {
    static final int MAX_ATTEMPTS = 3;
    /** Upstream timeout to the first byte (streaming and not). */
    static final long TIMEOUT_MS = 30_000;
    /** Upstream timeout for a whole non-streaming completion. */
    static final long TOTAL_TIMEOUT_MS = 120_000;

    private final Catalog catalog;
    private final Users users;
    private final ScenarioEngine scenarios;
    private final long seed;
    private final BreakerListener listener;
    private final Map<String, ProviderBreaker> providerBreakers = new ConcurrentHashMap<>();
    private final Map<String, ModelBreaker> modelBreakers = new ConcurrentHashMap<>();
    private final TtlCache authCache = new TtlCache(10_000, 300_000);
    private final TtlCache responseCache = new TtlCache(5_000, 600_000);
    private final TtlCache catalogL1 = new TtlCache(100, 60_000);
    private final TtlCache catalogL2 = new TtlCache(100, 900_000);
    private final TtlCache rateLimitKeys = new TtlCache(10_000, 60_000);
    private final TtlCache trialAnalytics = new TtlCache(10_000, 120_000);
    private final RateLimiter rateLimiter = new RateLimiter();
    private final VelocityMode velocity = new VelocityMode();
    private final ProviderStats stats = new ProviderStats();
    private volatile VelocityMode.Change lastVelocityChange = null;

    public GatewaySimulator(Catalog catalog, Users users, ScenarioEngine scenarios, long seed, BreakerListener listener) {
        this.catalog = catalog;
        this.users = users;
        this.scenarios = scenarios;
        this.seed = seed;
        this.listener = listener;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Users users() {
        return users;
    }

    public ScenarioEngine scenarios() {
        return scenarios;
    }

    public ProviderStats stats() {
        return stats;
    }

    public VelocityMode velocity() {
        return velocity;
    }

    public Collection<ModelBreaker> modelBreakers() {
        return modelBreakers.values();
    }

    public ProviderBreaker providerBreaker(String provider) {
        return providerBreakers.computeIfAbsent(provider, p -> new ProviderBreaker(p, listener));
    }

    /** Random stream of request {@code seq}: a pure function of the seed and the sequence number. */
    public SplittableRandom random(long seq) {
        return new SplittableRandom(mix(seed ^ mix(seq + 0x9E3779B97F4A7C15L)));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Simulates request {@code seq} arriving at {@code start}. */
    public Outcome handle(long seq, ChatRequest req, Instant start) {
        SplittableRandom rng = random(seq);
        long now = start.toEpochMilli();
        Faults faults = scenarios.faultsAt(start);
        String id = "chatcmpl-" + HexFormat.of().toHexDigits(rng.nextLong()).substring(0, 16) + HexFormat.of().toHexDigits(seq).substring(8);
        Timeline t = new Timeline();
        t.step("request_parsing", null, null, false, lognormal(rng, 0.4, 0.3));
        // auth: API key -> user through the auth cache, database on a miss
        boolean authHit = req.apiKey() != null && authCache.get(req.apiKey(), now);
        t.step("auth_validation", "auth", "read", authHit, cacheMs(rng, faults, "auth"));
        SimUser user = users.byKey(req.apiKey()).orElse(null);
        if (!authHit) {
            t.step("auth_validation", null, "db_lookup", false, lognormal(rng, 12, 0.4));
            if (user != null) {
                authCache.put(req.apiKey(), now);
                t.step("auth_validation", "auth", "write", false, cacheMs(rng, faults, "auth"));
            }
        }
        if (user == null) {
            return finish(seq, id, start, req, null, null, t, List.of(), 401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided. You can find your API key at https://gatewayz.ai/settings/keys.", false, false, rng, faults);
        }
        // rate limit counters
        boolean counterHit = rateLimitKeys.get(user.id(), now);
        t.step("request_preparation", "rate_limit", "read", counterHit, cacheMs(rng, faults, "rate_limit"));
        if (!counterHit) {
            rateLimitKeys.put(user.id(), now);
        }
        double scale = velocity.active(now) ? (user.tier().equals("paid") ? 0.75 : 0.5) : 1.0;
        boolean allowed = rateLimiter.tryAcquire(user, scale, now);
        t.step("request_preparation", "rate_limit", "write", false, cacheMs(rng, faults, "rate_limit"));
        if (user.tier().equals("trial")) {
            boolean fresh = trialAnalytics.get(user.id(), now);
            t.step("request_preparation", "trial_analytics", "read", fresh, cacheMs(rng, faults, "trial_analytics"));
            if (!fresh) {
                trialAnalytics.put(user.id(), now);
                t.step("request_preparation", "trial_analytics", "write", false, cacheMs(rng, faults, "trial_analytics"));
            }
        }
        if (!allowed) {
            return finish(seq, id, start, req, user, null, t, List.of(), 429, "rate_limit_error", "rate_limit_exceeded",
                "Rate limit reached for " + user.id() + ": " + (int) (user.requestsPerMinute() * scale) + " requests per minute.",
                false, true, rng, faults);
        }
        Model model = catalog.model(req.model()).orElse(null);
        if (model == null) {
            return finish(seq, id, start, req, user, null, t, List.of(), 404, "invalid_request_error", "model_not_found",
                "The model `" + req.model() + "` does not exist or you do not have access to it.", false, false, rng, faults);
        }
        // the provider catalogue: in-process L1, Redis L2, upstream fetch on a double miss
        String primary = model.providers().get(0);
        boolean l1 = catalogL1.get(primary, now);
        boolean l2 = !l1 && catalogL2.get(primary, now);
        t.step("request_preparation", "model_catalog", "read", l1 || l2, l1 ? lognormal(rng, 0.05, 0.3) : cacheMs(rng, faults, "model_catalog"));
        t.catalogResult = l1 ? "l1" : l2 ? "l2" : "miss";
        if (!l1) {
            if (!l2) {
                t.step("request_preparation", null, "catalog_fetch", false, lognormal(rng, 180, 0.5));
                catalogL2.put(primary, now);
                t.step("request_preparation", "model_catalog", "write", false, cacheMs(rng, faults, "model_catalog"));
            }
            catalogL1.put(primary, now);
        }
        // response cache (non-streaming only)
        String cacheKey = model.id() + "|" + req.promptKey();
        if (!req.stream() && req.promptKey() != null) {
            boolean hit = responseCache.get(cacheKey, now);
            t.step("request_preparation", "response_cache", "read", hit, cacheMs(rng, faults, "response_cache"));
            if (hit) {
                long out = outputTokens(rng, req, user, faults);
                return finish(seq, id, start, req, user, model, t, List.of(), 200, null, null, null, true, false, rng, faults,
                    null, inputTokens(rng, req), out);
            }
        }
        t.step("general_routing", null, "route_model", false, lognormal(rng, 0.8, 0.4));
        List<String> order = faults.routingOverride(model.id(), model.providers());
        if (order == null) {
            order = model.providers();
        }
        long inTok = inputTokens(rng, req);
        long outTok = outputTokens(rng, req, user, faults);
        List<Attempt> attempts = new ArrayList<>(MAX_ATTEMPTS);
        long cursor = t.end;
        int sent = 0;
        for (String slug : order) {
            if (sent >= MAX_ATTEMPTS) {
                break;
            }
            ProviderBreaker pb = providerBreaker(slug);
            ModelBreaker mb = modelBreakers.computeIfAbsent(slug + ":" + model.id(), k -> new ModelBreaker(slug, model.id(), listener));
            if (!pb.allow(now) || !mb.allow(now)) {
                attempts.add(new Attempt(slug, model.canonical(), cursor, 0, 0, AttemptResult.BREAKER_OPEN, pb.state(),
                    pb.failureCount(), "Circuit breaker open for " + slug));
                continue;
            }
            sent++;
            Attempt a = call(rng, catalog.provider(slug), model, req, outTok, cursor, faults);
            BreakerState during = pb.record(a.success(), now);
            mb.record(a.success(), a.durationMs(), now);
            a = new Attempt(a.provider(), a.model(), a.startMs(), a.durationMs(), a.ttfcMs(), a.result(), during, pb.failureCount(), a.errorMessage());
            attempts.add(a);
            stats.record(slug, model.canonical(), a.success(), a.durationMs(), a.success() ? inTok : 0, a.success() ? outTok : 0,
                a.success() ? model.cost(inTok, outTok) : 0, a.errorMessage(), start);
            cursor = a.endMs();
            if (a.success()) {
                break;
            }
        }
        t.end = cursor;
        Attempt win = null;
        for (Attempt a : attempts) {
            if (a.success()) {
                win = a;
            }
        }
        if (win == null) {
            Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            int status = last == null ? 503 : switch (last.result()) {
                case TIMEOUT -> 504;
                case RATE_LIMITED -> 429;
                case SERVER_ERROR -> 502;
                default -> 503;
            };
            String type = status == 429 ? "rate_limit_error" : "server_error";
            String msg = last == null ? "No provider available for " + model.id()
                : "All providers failed for " + model.id() + "; last error from " + last.provider() + ": " + last.errorMessage();
            return finish(seq, id, start, req, user, model, t, attempts, status, type, status == 429 ? "upstream_rate_limited" : "upstream_error",
                msg, false, false, rng, faults);
        }
        if (!req.stream() && req.promptKey() != null) {
            responseCache.put(cacheKey, now);
            t.step("request_preparation", "response_cache", "write", false, cacheMs(rng, faults, "response_cache"));
        }
        return finish(seq, id, start, req, user, model, t, attempts, 200, null, null, null, false, false, rng, faults, win, inTok, outTok);
    }

    private Outcome finish(long seq, String id, Instant start, ChatRequest req, SimUser user, Model model, Timeline t,
                           List<Attempt> attempts, int status, String type, String code, String message, boolean cacheHit,
                           boolean limited, SplittableRandom rng, Faults faults) {
        return finish(seq, id, start, req, user, model, t, attempts, status, type, code, message, cacheHit, limited, rng, faults, null, 0, 0);
    }

    private Outcome finish(long seq, String id, Instant start, ChatRequest req, SimUser user, Model model, Timeline t,
                           List<Attempt> attempts, int status, String type, String code, String message, boolean cacheHit,
                           boolean limited, SplittableRandom rng, Faults faults, Attempt win, long inTok, long outTok) {
        long ttfc = 0;
        int chunks = 0;
        String finish = null;
        double cost = 0;
        String provider = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).provider();
        if (status == 200) {
            finish = req.maxTokens() > 0 && outTok >= req.maxTokens() ? "length" : "stop";
            if (win != null) {
                provider = win.provider();
                cost = model.cost(inTok, outTok);
                if (req.stream()) {
                    ttfc = win.startMs() + win.ttfcMs();
                    chunks = (int) Math.max(1, outTok / 4);
                    t.stages.add(new Stage("backend_fetch", null, null, false, win.startMs(), win.ttfcMs()));
                    t.stages.add(new Stage("stream_processing", null, null, false, ttfc, win.endMs() - ttfc));
                } else {
                    t.stages.add(new Stage("backend_fetch", null, null, false, win.startMs(), win.durationMs()));
                }
            } else if (cacheHit) {
                provider = model.providers().get(0);
            }
        } else {
            inTok = 0;
            outTok = 0;
        }
        long serialization = (long) Math.ceil(lognormal(rng, 0.3, 0.3));
        long total = t.end + serialization;
        boolean serverError = status >= 500;
        VelocityMode.Change change = velocity.record(serverError, start.toEpochMilli());
        if (change.activated() || change.deactivated()) {
            lastVelocityChange = change;
        }
        return new Outcome(seq, id, start, req, user, model, status, type, code, message, t.stages, attempts, provider,
            inTok, outTok, cost, total, ttfc, cacheHit, attempts.size() > 1 && status == 200, limited, chunks, finish,
            t.catalogResult);
    }

    /** The last velocity-mode change (activation or deactivation), consumed by telemetry. */
    public VelocityMode.Change takeVelocityChange() {
        VelocityMode.Change c = lastVelocityChange;
        lastVelocityChange = null;
        return c;
    }

    private Attempt call(SplittableRandom rng, Provider p, Model model, ChatRequest req, long outTok, long startMs, Faults faults) {
        double factor = faults.latencyFactor(p.slug(), model.id());
        double network = lognormal(rng, 25, 0.4);
        double ttfc = lognormal(rng, p.ttfcMedianMs() * factor, p.sigma()) + network;
        double gen = outTok / p.tokensPerSecond() * 1000 * lognormal(rng, 1, 0.25) * Math.sqrt(factor);
        double u = rng.nextDouble();
        if (faults.providerDown(p.slug())) {
            return failure(p, model, startMs, (long) lognormal(rng, 40, 0.5), AttemptResult.UNAVAILABLE,
                "Connection refused: " + p.host() + " returned 503 Service Unavailable");
        }
        double err = p.errorRate() + faults.extraErrorRate(p.slug(), model.id());
        if (u < p.timeoutRate()) {
            return failure(p, model, startMs, TIMEOUT_MS + (long) network, AttemptResult.TIMEOUT, "Request to " + p.host() + " timed out after 30s");
        }
        u -= p.timeoutRate();
        if (u < p.rateLimitRate()) {
            return failure(p, model, startMs, (long) (network + lognormal(rng, 60, 0.4)), AttemptResult.RATE_LIMITED,
                "Error code: 429 - Too Many Requests: rate limit exceeded for " + model.canonical());
        }
        u -= p.rateLimitRate();
        if (u < err) {
            return failure(p, model, startMs, (long) (ttfc * 0.6), AttemptResult.SERVER_ERROR,
                "Error code: 500 - Internal server error from " + p.slug());
        }
        long total = (long) Math.ceil(ttfc + gen);
        if (ttfc >= TIMEOUT_MS) {
            return failure(p, model, startMs, TIMEOUT_MS + (long) network, AttemptResult.TIMEOUT, "Request to " + p.host() + " timed out after 30s");
        }
        if (!req.stream() && total >= TOTAL_TIMEOUT_MS) {
            return failure(p, model, startMs, TOTAL_TIMEOUT_MS, AttemptResult.TIMEOUT, "Request to " + p.host() + " timed out after 120s");
        }
        return new Attempt(p.slug(), model.canonical(), startMs, total, (long) Math.ceil(ttfc), AttemptResult.SUCCESS,
            BreakerState.CLOSED, 0, null);
    }

    private static Attempt failure(Provider p, Model m, long startMs, long durationMs, AttemptResult r, String message) {
        return new Attempt(p.slug(), m.canonical(), startMs, Math.max(1, durationMs), 0, r, BreakerState.CLOSED, 0, message);
    }

    private static long inputTokens(SplittableRandom rng, ChatRequest req) {
        return Math.max(1, req.promptChars() / 4 + (long) lognormal(rng, 20, 0.5));
    }

    private static long outputTokens(SplittableRandom rng, ChatRequest req, SimUser user, Faults faults) {
        double factor = user == null ? 1 : faults.outputFactor(user.id());
        long out = Math.max(1, (long) (lognormal(rng, 220, 0.7) * factor));
        int cap = req.maxTokens() > 0 ? req.maxTokens() : (int) (4096 * factor);
        return Math.min(out, cap);
    }

    private static double cacheMs(SplittableRandom rng, Faults faults, String layer) {
        return lognormal(rng, 0.8, 0.4) * faults.cacheFactor(layer);
    }

    static double lognormal(SplittableRandom rng, double median, double sigma) {
        return median * Math.exp(sigma * rng.nextGaussian());
    }

    /** Sequential stages; offsets in whole milliseconds (at least 1 per step, so spans never have zero length). */
    private static final class Timeline {
        final List<Stage> stages = new ArrayList<>();
        long end;
        String catalogResult;

        void step(String name, String layer, String op, boolean hit, double ms) {
            long d = Math.max(1, Math.round(ms));
            stages.add(new Stage(name, layer, op, hit, end, d));
            end += d;
        }
    }
}
