package ai.gatewayz.obs.logs.ruler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.rules.VectorSample;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled log rules (deploy/log-rules, the seed's 31 Loki recording rules rebuilt, plus the
 * per-user token top-10): every rule validates as LogQL, and evaluated over gateway-sim-shaped logs
 * every rule produces exactly the series computed here from the generated records with plain Java
 * (regular expressions over the lines, counting per label), not with LogQL.
 */
class BundledLogRulesTest {
    static final Path FILE = Path.of("deploy", "log-rules", "anonymous", "gatewayz-log-recording.yml");

    /** The 31 record names of the seed's loki/rules/gatewayz_log_recording_rules.yml. */
    static final Set<String> SEED = Set.of("loki:errors:count_per_minute", "loki:errors:timeout:count_per_5m",
            "loki:errors:rate_limit:count_per_5m", "loki:errors:database:count_per_5m", "loki:errors:memory:count_per_5m",
            "loki:errors:auth:count_per_5m", "loki:errors:exceptions:count_per_5m", "loki:provider:errors:count_per_5m",
            "loki:provider:timeouts:count_per_5m", "loki:provider:requests:count_per_5m", "loki:logs:total:count_per_minute",
            "loki:logs:by_level:count_per_5m", "loki:logs:error_ratio:percentage", "loki:circuit_breaker:events:count_per_5m",
            "loki:http:requests:by_method:count_per_5m", "loki:http:slow_requests:count_per_5m",
            "loki:tokens:usage_events:count_per_5m", "loki:requests:by_provider_model:count_per_5m",
            "loki:errors:by_provider_model:count_per_5m", "loki:requests:by_endpoint:count_per_5m",
            "loki:errors:by_error_type:count_per_5m", "loki:provider:error_ratio:percentage",
            "loki:streaming:completions:count_per_5m", "loki:ttfc:slow:count_per_5m", "loki:errors:count_per_minute:1h_avg",
            "loki:errors:count_per_minute:24h_avg", "loki:logs:total:count_per_minute:1h_avg",
            "loki:logs:error_ratio:percentage:1h_avg", "loki:requests:by_provider_model:count_per_5m:1h_avg",
            "loki:errors:by_provider_model:count_per_5m:1h_avg", "loki:provider:error_ratio:percentage:1h_avg");
    static final String TOKENS_TOP10 = "loki:tokens:streamed_output_estimate:top10_users_5m";

    static final long T = 1_780_000_000_000L - 1_780_000_000_000L % 60_000; // a whole minute
    static final long MIN = 60_000;
    static final Pattern REQUEST_LINE = Pattern.compile("\"message\":\"(GET|POST|PUT|PATCH|DELETE) ([^ \"?]+)[^ \"]* - ");

    static MemoryTenantLogStorages storages;
    static SimLogs logs;
    static List<RuleGroupSpec> groups;
    static Map<String, Map<Labels, Double>> results;

    @BeforeAll
    static void evaluateAll() throws Exception {
        String yaml = Files.readString(Peers.sourceRoot().resolve(FILE));
        groups = RuleFileParser.parse(FILE.getFileName().toString(), yaml,
                RuleParseOptions.defaults(LogqlRuleQueries.validator()));
        storages = new MemoryTenantLogStorages(TestClock.atMillis(T));
        logs = new SimLogs(7).generate(6000, T - 70 * MIN, T);
        logs.pushTo(storages.forTenant("anonymous"));
        QueryFunc q = LogqlRuleQueries.queryFunc(storages, "anonymous", new LogqlEngine());
        List<VectorSample> written = new ArrayList<>();
        for (RuleGroupSpec g : groups) {
            RuleGroup group = new RuleGroup(g, written::addAll, ForStateReader.NONE, q, AlertSink.DISCARD,
                    RulesOptions.defaults(), false);
            group.eval(T);
            for (var rule : group.rules()) {
                assertThat(rule.status().lastError()).as(rule.name()).isEmpty();
            }
        }
        results = new HashMap<>();
        for (VectorSample s : written) {
            assertThat(s.timestampMs()).isEqualTo(T);
            results.computeIfAbsent(s.labels().metricName(), k -> new HashMap<>())
                    .put(s.labels().toBuilder().del(Labels.METRIC_NAME).build(), s.value());
        }
    }

    @AfterAll
    static void close() {
        storages.close();
    }

    @Test
    void theFileHoldsTheSeeds31RulesAndTheTokenTop10AllValidLogql() {
        List<String> names = groups.stream().flatMap(g -> g.rules().stream()).map(RuleSpec::name).toList();
        assertThat(names).hasSize(32).doesNotHaveDuplicates().containsAll(SEED).contains(TOKENS_TOP10);
        assertThat(groups.stream().map(RuleGroupSpec::name)).containsExactly("loki_error_metrics", "loki_provider_metrics",
                "loki_log_health", "loki_request_metrics", "loki_high_cardinality_aggregations", "loki_baselines",
                "loki_high_cardinality_baselines", "loki_budget");
        assertThat(groups.stream().filter(g -> g.name().contains("baselines")).map(RuleGroupSpec::intervalMs))
                .containsOnly(5 * MIN);
    }

    @Test
    void everyRuleProducesTheSeriesComputedFromTheRecords() {
        Map<String, Map<Labels, Double>> expected = expected();
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(
                groups.stream().flatMap(g -> g.rules().stream()).map(RuleSpec::name).toList());
        for (var e : expected.entrySet()) {
            Map<Labels, Double> got = results.getOrDefault(e.getKey(), Map.of());
            assertThat(new TreeMap<>(got).keySet()).as(e.getKey()).containsExactlyElementsOf(new TreeMap<>(e.getValue()).keySet());
            for (var s : e.getValue().entrySet()) {
                assertThat(got.get(s.getKey())).as(e.getKey() + s.getKey()).isCloseTo(s.getValue(), within(1e-9));
            }
        }
    }

    @Test
    void theGatewaySimTrafficFillsTheDashboardSeries() {
        // the rules the Log-Derived Metrics dashboard reads must have data on gateway-sim's logs; the two seed rules
        // whose inputs gateway-sim (and the backend) do not log are listed and stay empty
        Set<String> empty = Set.of("loki:tokens:usage_events:count_per_5m", "loki:errors:by_error_type:count_per_5m",
                "loki:errors:database:count_per_5m", "loki:errors:memory:count_per_5m");
        for (String name : expected().keySet()) {
            if (empty.contains(name)) {
                assertThat(results).as(name).doesNotContainKey(name);
            } else {
                assertThat(results).as(name).containsKey(name);
            }
        }
        assertThat(results.get("loki:requests:by_provider_model:count_per_5m")).hasSize(12);
        assertThat(results.get(TOKENS_TOP10)).hasSize(10);
        long streamed = logs.requests.stream().filter(r -> r[0] > (T - 5 * MIN) * 1_000_000L && r[1] == 200 && r[2] == 1).count();
        assertThat(results.get("loki:streaming:completions:count_per_5m").get(Labels.EMPTY)).isEqualTo((double) streamed);
    }

    // ---- expectations from the records, without LogQL ----

    private static Map<String, Map<Labels, Double>> expected() {
        Map<String, Map<Labels, Double>> m = new HashMap<>();
        Predicate<SimLogs.Rec> error = r -> r.level().equals("ERROR");
        Predicate<SimLogs.Rec> errorOrCritical = r -> r.level().equals("ERROR") || r.level().equals("CRITICAL");
        Predicate<SimLogs.Rec> hasProvider = r -> !r.meta("provider").isEmpty();
        Predicate<SimLogs.Rec> hasPm = r -> hasProvider.test(r) && !r.meta("model").isEmpty();
        Predicate<SimLogs.Rec> requestLine = r -> REQUEST_LINE.matcher(r.line()).find();
        m.put("loki:errors:count_per_minute", sum(count(MIN, error)));
        m.put("loki:errors:timeout:count_per_5m", sum(count(5 * MIN, line("(?i)(timeout|timed out|deadline exceeded)"))));
        m.put("loki:errors:rate_limit:count_per_5m", sum(count(5 * MIN, line("(?i)(rate.?limit|429|quota exceeded|too many requests)"))));
        m.put("loki:errors:database:count_per_5m", sum(count(5 * MIN,
                line("(?i)(database.*error|connection.*timeout|connection.*refused|sqlalchemy.*error)"))));
        m.put("loki:errors:memory:count_per_5m", sum(count(5 * MIN, line("(?i)(out of memory|oom|memory error|memoryerror)"))));
        m.put("loki:errors:auth:count_per_5m", sum(count(5 * MIN,
                line("(?i)(unauthorized|forbidden|invalid.*token|auth.*failed|permission denied)"))));
        m.put("loki:errors:exceptions:count_per_5m", sum(count(5 * MIN, line("(?i)(Traceback|Exception:|Error:)"))));
        m.put("loki:provider:errors:count_per_5m", by(5 * MIN, errorOrCritical.and(hasProvider), "provider"));
        m.put("loki:provider:timeouts:count_per_5m", by(5 * MIN, hasProvider.and(line("(?i)(timeout|timed out)")), "provider"));
        m.put("loki:provider:requests:count_per_5m", by(5 * MIN, hasProvider.and(requestLine), "provider"));
        m.put("loki:logs:total:count_per_minute", sum(count(MIN, r -> true)));
        m.put("loki:logs:by_level:count_per_5m", by(5 * MIN, r -> true, "level"));
        m.put("loki:logs:error_ratio:percentage", ratio(sum(count(5 * MIN, error)), sum(count(5 * MIN, r -> true))));
        m.put("loki:circuit_breaker:events:count_per_5m", sum(count(5 * MIN, line("(?i)circuit.?breaker"))));
        m.put("loki:http:requests:by_method:count_per_5m", byRequestLine(5 * MIN, r -> true, 1, "method"));
        m.put("loki:http:slow_requests:count_per_5m", sum(count(5 * MIN, r -> r.line().contains("SLOW REQUEST"))));
        m.put("loki:tokens:usage_events:count_per_5m", sum(count(5 * MIN, line("(?i)(token|tokens)").and(line("(?i)(usage|consumed|total)")))));
        m.put("loki:requests:by_provider_model:count_per_5m", by(5 * MIN, hasPm.and(requestLine), "provider", "model"));
        m.put("loki:errors:by_provider_model:count_per_5m", by(5 * MIN, errorOrCritical.and(hasPm), "provider", "model"));
        m.put("loki:requests:by_endpoint:count_per_5m", byRequestLine(5 * MIN, r -> true, 2, "path"));
        m.put("loki:errors:by_error_type:count_per_5m", Map.of()); // no record carries an error_type stream label
        m.put("loki:provider:error_ratio:percentage", ratio(by(5 * MIN, error.and(hasProvider), "provider"),
                by(5 * MIN, hasProvider, "provider")));
        m.put("loki:streaming:completions:count_per_5m", sum(count(5 * MIN, r -> r.line().contains("[STREAM] Stream completed"))));
        m.put("loki:ttfc:slow:count_per_5m", sum(count(5 * MIN, r -> r.line().contains("Slow first chunk"))));
        m.put("loki:errors:count_per_minute:1h_avg", div(sum(count(60 * MIN, error)), 60));
        m.put("loki:errors:count_per_minute:24h_avg", div(sum(count(24 * 60 * MIN, error)), 1440));
        m.put("loki:logs:total:count_per_minute:1h_avg", div(sum(count(60 * MIN, r -> true)), 60));
        m.put("loki:logs:error_ratio:percentage:1h_avg", ratio(sum(count(60 * MIN, error)), sum(count(60 * MIN, r -> true))));
        m.put("loki:requests:by_provider_model:count_per_5m:1h_avg", div(by(60 * MIN, hasPm.and(requestLine), "provider", "model"), 12));
        m.put("loki:errors:by_provider_model:count_per_5m:1h_avg", div(by(60 * MIN, errorOrCritical.and(hasPm), "provider", "model"), 12));
        m.put("loki:provider:error_ratio:percentage:1h_avg", ratio(by(60 * MIN, error.and(hasProvider), "provider"),
                by(60 * MIN, hasProvider, "provider")));
        m.put(TOKENS_TOP10, tokensTop10());
        return m;
    }

    private static Predicate<SimLogs.Rec> line(String regex) {
        Pattern p = Pattern.compile(regex);
        return r -> p.matcher(r.line()).find();
    }

    private static List<SimLogs.Rec> count(long windowMs, Predicate<SimLogs.Rec> p) {
        long end = T * 1_000_000L;
        long start = end - windowMs * 1_000_000L;
        return logs.records.stream().filter(r -> r.tsNanos() > start && r.tsNanos() <= end).filter(p).toList();
    }

    private static Map<Labels, Double> sum(List<SimLogs.Rec> rs) {
        return rs.isEmpty() ? Map.of() : Map.of(Labels.EMPTY, (double) rs.size());
    }

    private static Map<Labels, Double> by(long windowMs, Predicate<SimLogs.Rec> p, String... names) {
        return count(windowMs, p).stream().collect(Collectors.groupingBy(r -> {
            Labels.Builder b = Labels.builder();
            for (String n : names) {
                b.set(n, n.equals("level") ? r.level() : r.meta(n));
            }
            return b.build();
        }, Collectors.summingDouble(r -> 1)));
    }

    private static Map<Labels, Double> byRequestLine(long windowMs, Predicate<SimLogs.Rec> p, int group, String name) {
        Map<Labels, Double> out = new HashMap<>();
        for (SimLogs.Rec r : count(windowMs, p)) {
            Matcher m = REQUEST_LINE.matcher(r.line());
            if (m.find()) {
                out.merge(Labels.of(name, m.group(group)), 1.0, Double::sum);
            }
        }
        return out;
    }

    private static Map<Labels, Double> ratio(Map<Labels, Double> num, Map<Labels, Double> den) {
        Map<Labels, Double> out = new HashMap<>();
        num.forEach((l, v) -> {
            if (den.containsKey(l)) {
                out.put(l, 100 * v / den.get(l));
            }
        });
        return out;
    }

    private static Map<Labels, Double> div(Map<Labels, Double> m, double d) {
        Map<Labels, Double> out = new HashMap<>();
        m.forEach((l, v) -> out.put(l, v / d));
        return out;
    }

    private static Map<Labels, Double> tokensTop10() {
        Pattern len = Pattern.compile("accumulated content length: (\\d+)");
        Map<String, Double> perUser = new HashMap<>();
        for (SimLogs.Rec r : count(5 * MIN, x -> x.line().contains("[STREAM] Stream completed") && !x.meta("user").isEmpty())) {
            Matcher m = len.matcher(r.line());
            assertThat(m.find()).isTrue();
            perUser.merge(r.meta("user"), Double.parseDouble(m.group(1)) / 4, Double::sum);
        }
        Map<Labels, Double> out = new HashMap<>();
        perUser.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(10)
                .forEach(e -> out.put(Labels.of("user", e.getKey()), e.getValue()));
        return out;
    }
}
