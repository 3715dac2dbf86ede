package ai.gatewayz.obs.bench.logs;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.ruler.LogqlRuleQueries;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.logs.storage.disk.DiskStorageOptions;
import ai.gatewayz.obs.logs.storage.disk.DiskTenantLogStorages;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * The log ruler's cost per evaluation interval: 100 LogQL recording rules (the 32 bundled
 * deploy/log-rules rules plus 68 per-provider and per-model variants of them) evaluated at one
 * instant over an hour of gateway-sim-shaped logs (stream labels app/environment/service/level,
 * structured metadata trace_id/span_id/user/provider/model, JSON lines with the backend's texts),
 * as the ruler evaluates them (LogqlRuleQueries over the storage seam, RuleGroup.eval). Reports
 * wall time and CPU time per cycle; the evaluation lag of a 1m interval is the wall time (groups
 * run one after another here; the server runs them concurrently). No Loki binary can be installed
 * here, so there is no side-by-side ratio.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.logs.LogRulerHarness \
 *      [--rps 30] [--minutes 60] [--iterations 10] [--disk] [--rules deploy/log-rules/anonymous/gatewayz-log-recording.yml]
 * </pre>
 */
public final class LogRulerHarness {
    static final String[] PROVIDERS = {"openai", "anthropic", "groq", "together", "fireworks", "deepinfra", "mistral",
        "google"};
    static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "llama-3.1-70b", "mixtral-8x7b", "gemini-1.5-pro"};

    public static void main(String[] args) throws Exception {
        int rps = intArg(args, "--rps", 30);
        int minutes = intArg(args, "--minutes", 60);
        int iterations = intArg(args, "--iterations", 10);
        boolean disk = Arrays.asList(args).contains("--disk");
        Path ruleFile = Path.of(strArg(args, "--rules", "deploy/log-rules/anonymous/gatewayz-log-recording.yml"));
        long end = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(end), ZoneOffset.UTC);
        Path dir = disk ? Files.createTempDirectory("log-ruler-bench") : null;
        try (TenantLogStorages storages = disk
                ? new DiskTenantLogStorages(dir, t -> DiskStorageOptions.defaults(), clock)
                : new MemoryTenantLogStorages(clock)) {
            long t0 = System.nanoTime();
            long lines = generate(storages.forTenant("anonymous"), rps, minutes, end);
            if (disk) {
                storages.maintain();
            }
            System.out.printf(Locale.ROOT, "data: %d lines (%d req/s for %d min), %s storage, loaded in %.1f s%n", lines, rps,
                    minutes, disk ? "disk" : "memory", (System.nanoTime() - t0) / 1e9);

            List<RuleGroupSpec> groups = hundredRules(Files.readString(ruleFile));
            int rules = groups.stream().mapToInt(g -> g.rules().size()).sum();
            QueryFunc q = LogqlRuleQueries.queryFunc(storages, "anonymous", new LogqlEngine());
            LongAdder samples = new LongAdder();
            List<RuleGroup> rgs = new ArrayList<>();
            for (RuleGroupSpec g : groups) {
                rgs.add(new RuleGroup(g, s -> samples.add(s.size()), ForStateReader.NONE, q, AlertSink.DISCARD,
                        RulesOptions.defaults(), false));
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            double[] wall = new double[iterations];
            double[] cpu = new double[iterations];
            for (int w = 0; w < 2; w++) { // warm-up cycles, not reported
                cycle(rgs, end - (2 - w) * 60_000L);
            }
            for (int i = 0; i < iterations; i++) {
                long ts = end - (iterations - i) * 60_000L + 60_000L;
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                cycle(rgs, ts);
                wall[i] = (System.nanoTime() - w0) / 1e6;
                cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            long errors = rgs.stream().flatMap(g -> g.rules().stream()).filter(r -> !r.status().lastError().isEmpty()).count();
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "rules: %d in %d groups, errors: %d, samples written per cycle: %d%n", rules,
                    rgs.size(), errors, samples.sum() / (iterations + 2));
            System.out.printf(Locale.ROOT, "per cycle (all %d rules): wall median %.1f ms (min %.1f, max %.1f), CPU median %.1f ms%n",
                    rules, wall[iterations / 2], wall[0], wall[iterations - 1], cpu[iterations / 2]);
            System.out.printf(Locale.ROOT, "per rule: %.2f ms; CPU per 1m interval: %.2f%% of one core%n",
                    wall[iterations / 2] / rules, cpu[iterations / 2] / 600.0);
        } finally {
            if (dir != null) {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void cycle(List<RuleGroup> groups, long ts) {
        for (RuleGroup g : groups) {
            g.eval(ts);
        }
    }

    /** The bundled rules plus per-provider and per-model variants of the 5m counting rules, 100 in all. */
    static List<RuleGroupSpec> hundredRules(String bundled) {
        StringBuilder extra = new StringBuilder("groups:\n  - name: bench_variants\n    interval: 1m\n    rules:\n");
        int n = 0;
        String[] filters = {"|~ \"(?i)(timeout|timed out)\"", "|~ \"(?i)(rate.?limit|429)\"", "|= \"Slow first chunk\"",
            "|= \"[STREAM] Stream completed\"", "|~ \"(?i)circuit.?breaker\"", "|~ \"(?i)(Exception:|Error:)\""};
        outer:
        for (String p : PROVIDERS) {
            for (String f : filters) {
                extra.append("      - record: bench:provider_").append(n).append(":count5m\n")
                        .append("        expr: 'sum by (model) (count_over_time({app=\"gatewayz-api\"} | provider=\"").append(p)
                        .append("\" ").append(f.replace("'", "''")).append(" [5m]))'\n");
                if (++n == 48) {
                    break outer;
                }
            }
        }
        for (String m : MODELS) {
            for (String lvl : new String[] {"ERROR", "WARNING", "INFO", "CRITICAL"}) {
                extra.append("      - record: bench:model_").append(n).append(":count5m\n")
                        .append("        expr: 'sum by (provider) (count_over_time({app=\"gatewayz-api\", level=\"").append(lvl)
                        .append("\"} | model=\"").append(m).append("\" [5m]))'\n");
                n++;
            }
        }
        RuleParseOptions po = RuleParseOptions.defaults(LogqlRuleQueries.validator());
        List<RuleGroupSpec> out = new ArrayList<>(RuleFileParser.parse("bundled", bundled, po));
        out.addAll(RuleFileParser.parse("variants", extra.toString(), po));
        return out;
    }

    /** One hour of gateway-sim-like traffic: per request 2 to 5 lines, one stream per level. */
    static long generate(LogStorage storage, int rps, int minutes, long endMs) {
        Random rnd = new Random(1);
        long start = endMs - minutes * 60_000L;
        long total = (long) rps * minutes * 60;
        long lines = 0;
        LogAppender app = storage.appender();
        for (long i = 0; i < total; i++) {
            long ts = (start + i * 1000 / rps) * 1_000_000L + rnd.nextInt(1000);
            String provider = PROVIDERS[rnd.nextInt(PROVIDERS.length)];
            String model = MODELS[rnd.nextInt(MODELS.length)];
            String trace = Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong());
            Labels meta = Labels.of("trace_id", trace, "span_id", Long.toHexString(rnd.nextLong()), "user",
                    "user-" + rnd.nextInt(500), "provider", provider, "model", model);
            lines += line(app, ts, "INFO", "src.middleware.trace_context_middleware", "POST /v1/chat/completions", meta, trace);
            int r = rnd.nextInt(100);
            if (r < 8) {
                lines += line(app, ts + 1, "WARNING", "src.services.provider_failover", "Provider " + provider + " timed out for "
                        + model + " after 30.00s: deadline exceeded", meta, trace);
            } else if (r < 12) {
                lines += line(app, ts + 1, "WARNING", "src.services.provider_failover", "Provider " + provider
                        + " rate limit hit (429 Too Many Requests) for " + model, meta, trace);
            }
            if (rnd.nextBoolean()) {
                lines += line(app, ts + 2, rnd.nextInt(10) == 0 ? "WARNING" : "INFO", "src.routes.chat",
                        rnd.nextInt(10) == 0 ? "⚠️ [TTFC WARNING] Slow first chunk: 3.20s for " + provider + "/" + model
                                : "✓ [TTFC] First chunk in 0.40s for " + provider + "/" + model, meta, trace);
                lines += line(app, ts + 3, "INFO", "src.routes.chat", "[STREAM] Stream completed with 40 chunks, accumulated content length: "
                        + (200 + rnd.nextInt(4000)), meta, trace);
            }
            boolean err = rnd.nextInt(20) == 0;
            lines += line(app, ts + 4, err ? "ERROR" : "INFO", "src.middleware.trace_context_middleware",
                    err ? "POST /v1/chat/completions - Error: all providers failed (502)" : "POST /v1/chat/completions - 200", meta, trace);
            if (i % 2000 == 1999) {
                app.commit();
                app = storage.appender();
            }
        }
        app.commit();
        return lines;
    }

    private static int line(LogAppender app, long ts, String level, String logger, String message, Labels meta, String trace) {
        String json = "{\"timestamp\":\"2026-06-01 11:00:00,000\",\"level\":\"" + level + "\",\"logger\":\"" + logger
                + "\",\"message\":\"" + message + "\",\"trace_id\":\"" + trace + "\"}";
        app.append(Labels.of("app", "gatewayz-api", "environment", "production", "level", level, "service", "gatewayz-api"),
                new LogEntry(ts, json, meta.toBuilder().set("logger", logger).build()));
        return 1;
    }

    private static int intArg(String[] args, String name, int dflt) {
        return Integer.parseInt(strArg(args, name, Integer.toString(dflt)));
    }

    private static String strArg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
