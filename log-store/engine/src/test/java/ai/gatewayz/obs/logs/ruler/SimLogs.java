package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogStorage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Log records shaped like gateway-sim's (its LogEmitter and BackendJsonLayout, contract section 5): stream
 * labels app/environment/service/level, structured metadata trace_id/span_id/user/provider/model/logger,
 * one JSON line per record with the backend's message texts. Deterministic for a seed. The records are
 * kept so that tests compute expected rule results from them without LogQL.
 */
final class SimLogs {
    static final String APP = "gatewayz-api";
    static final String[] PROVIDERS = {"openai", "anthropic", "groq", "together"};
    static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "llama-3.1-70b"};
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS")
            .withZone(ZoneOffset.UTC);

    /** One log record as pushed. */
    record Rec(long tsNanos, String level, String logger, String message, Labels metadata, String line) {
        Labels stream() {
            return Labels.of("app", APP, "environment", "production", "level", level, "service", APP);
        }

        String meta(String name) {
            String v = metadata.get(name);
            return v == null ? "" : v;
        }
    }

    final List<Rec> records = new ArrayList<>();
    /** Per request: its final status, whether streamed, and its timestamp. */
    final List<long[]> requests = new ArrayList<>();
    private final Random rnd;

    SimLogs(long seed) {
        this.rnd = new Random(seed);
    }

    /** {@code n} requests spread uniformly over [fromMs, toMs). */
    SimLogs generate(int n, long fromMs, long toMs) {
        for (int i = 0; i < n; i++) {
            long ms = fromMs + (long) (rnd.nextDouble() * (toMs - fromMs));
            request(ms * 1_000_000L + 123);
        }
        return this;
    }

    private void request(long ts) {
        String trace = HexFormat.of().formatHex(longBytes(rnd.nextLong(), rnd.nextLong()));
        String span = HexFormat.of().formatHex(longBytes(rnd.nextLong()));
        String user = "user-" + (1 + rnd.nextInt(30));
        String model = MODELS[rnd.nextInt(MODELS.length)];
        String provider = PROVIDERS[rnd.nextInt(PROVIDERS.length)];
        boolean models = rnd.nextInt(10) == 0;
        String method = models ? "GET" : "POST";
        String path = models ? "/v1/models" : "/v1/chat/completions";
        boolean stream = !models && rnd.nextBoolean();
        int[] seq = {0};
        Labels.Builder meta = Labels.builder().set("trace_id", trace).set("span_id", span).set("user", user)
                .set("model", model).set("provider", provider);
        String reqLogger = "src.middleware.trace_context_middleware";
        add(ts, seq, "INFO", reqLogger, method + " " + path, meta, trace, span);
        int status = 200;
        if (!models) {
            int r = rnd.nextInt(100);
            String failer = PROVIDERS[rnd.nextInt(PROVIDERS.length)];
            Labels.Builder fm = Labels.builder().set("trace_id", trace).set("span_id", span).set("user", user)
                    .set("model", model).set("provider", failer);
            String fo = "src.services.provider_failover";
            if (r < 8) {
                add(ts, seq, "WARNING", fo, "Provider " + failer + " timed out for " + model + " after 30.00s: deadline exceeded",
                        fm, trace, span);
            } else if (r < 13) {
                add(ts, seq, "WARNING", fo, "Provider " + failer + " rate limit hit (429 Too Many Requests) for " + model
                        + ": quota exceeded", fm, trace, span);
            } else if (r < 17) {
                add(ts, seq, "ERROR", fo, "Provider " + failer + " failed for " + model + ": upstream returned 502", fm,
                        trace, span);
            } else if (r < 19) {
                add(ts, seq, "WARNING", fo, "Circuit breaker OPEN for provider " + failer + ", skipping " + model
                        + " and failing over", fm, trace, span);
            }
            int s = rnd.nextInt(100);
            status = s < 3 ? 401 : s < 6 ? 429 : s < 10 ? 500 : 200;
        }
        if (status == 200 && stream) {
            double ttfc = rnd.nextInt(10) == 0 ? 2.5 + rnd.nextDouble() * 10 : 0.2 + rnd.nextDouble();
            String t = String.format(Locale.ROOT, "%.2f", ttfc);
            if (ttfc > 10) {
                add(ts, seq, "WARNING", "src.routes.chat", "⚠️ [TTFC CRITICAL] Slow first chunk: " + t + "s for " + provider
                        + "/" + model + " (threshold: 2.0s, timeout: 30.0s)", meta, trace, span);
            } else if (ttfc > 2) {
                add(ts, seq, "WARNING", "src.routes.chat", "⚠️ [TTFC WARNING] Slow first chunk: " + t + "s for " + provider
                        + "/" + model + " (threshold: 2.0s, timeout: 30.0s)", meta, trace, span);
            } else {
                add(ts, seq, "INFO", "src.routes.chat", "✓ [TTFC] First chunk in " + t + "s for " + provider + "/" + model,
                        meta, trace, span);
            }
            int tokens = 50 + rnd.nextInt(900);
            add(ts, seq, "INFO", "src.routes.chat", "[STREAM] Stream completed with " + (tokens / 8) + " chunks, accumulated content length: "
                    + tokens * 4, meta, trace, span);
        }
        if (status == 200 && !stream && rnd.nextInt(20) == 0) {
            add(ts, seq, "WARNING", reqLogger, "🐢 SLOW REQUEST: " + method + " " + path + " took 12.40s (status=200, size=2100b)",
                    meta, trace, span);
        }
        switch (status) {
            case 200 -> add(ts, seq, "INFO", reqLogger, method + " " + path + " - 200", meta, trace, span);
            case 401 -> add(ts, seq, "WARNING", reqLogger, method + " " + path + " - 401 Unauthorized: invalid API key", meta,
                    trace, span);
            case 429 -> add(ts, seq, "WARNING", "src.security.rate_limiting", method + " " + path
                    + " - 429 Too Many Requests: rate limit exceeded for " + user, meta, trace, span);
            default -> add(ts, seq, "ERROR", reqLogger, method + " " + path + " - Error: all providers failed (502)", meta,
                    trace, span);
        }
        if (rnd.nextInt(200) == 0) {
            add(ts, seq, "WARNING", "src.services.circuit_breaker", "Circuit breaker for " + provider + ":" + model
                    + " transitioned CLOSED -> OPEN", Labels.builder().set("provider", provider).set("model", model), null, null);
        }
        requests.add(new long[] {ts, status, stream ? 1 : 0});
    }

    private void add(long ts, int[] seq, String level, String logger, String message, Labels.Builder meta, String trace,
            String span) {
        long t = ts + seq[0]++;
        StringBuilder sb = new StringBuilder("{");
        json(sb, "timestamp", ASCTIME.format(Instant.ofEpochSecond(0, t))).append(',');
        json(sb, "level", level).append(',');
        json(sb, "logger", logger).append(',');
        json(sb, "message", message);
        if (trace != null) {
            json(sb.append(','), "trace_id", trace);
            json(sb.append(','), "span_id", span);
        }
        sb.append('}');
        Labels m = meta.set("logger", logger).build();
        records.add(new Rec(t, level, logger, message, m, sb.toString()));
    }

    private static StringBuilder json(StringBuilder sb, String k, String v) {
        sb.append('"').append(k).append("\":\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"');
    }

    private static byte[] longBytes(long... ls) {
        byte[] b = new byte[ls.length * 8];
        for (int i = 0; i < ls.length; i++) {
            for (int j = 0; j < 8; j++) {
                b[i * 8 + j] = (byte) (ls[i] >>> (56 - 8 * j));
            }
        }
        return b;
    }

    /** Pushes every record (in batches, as loki4j does). */
    void pushTo(LogStorage storage) {
        List<Rec> sorted = new ArrayList<>(records);
        sorted.sort((a, b) -> Long.compare(a.tsNanos(), b.tsNanos()));
        LogAppender app = storage.appender();
        int n = 0;
        for (Rec r : sorted) {
            app.append(r.stream(), new LogEntry(r.tsNanos(), r.line(), r.metadata()));
            if (++n % 1000 == 0) {
                app.commit();
                app = storage.appender();
            }
        }
        app.commit();
    }
}
