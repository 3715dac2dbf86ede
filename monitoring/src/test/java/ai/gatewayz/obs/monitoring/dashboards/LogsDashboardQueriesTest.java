package ai.gatewayz.obs.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Dashboard;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Target;
import ai.gatewayz.obs.monitoring.sim.SimLogFeed;
import ai.gatewayz.obs.sim.scenario.ScenarioKind;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The GatewayZ Logs dashboard (uid gatewayz-logs) against a log-store fed by gateway-sim: 70 virtual
 * minutes of its log lines (normal traffic, a provider outage that opens its breaker, and a user
 * burning tokens) through {@link SimLogFeed}, with the bundled log rules evaluated into a
 * metrics-store storage. Every panel query, after Grafana's substitution (variables as the
 * dashboard opens, "All" expanded the way Grafana's Loki datasource expands it, the environment
 * values read with the variable's own label_values query), runs as Grafana sends it (range or
 * instant, LogQL against log-store, PromQL against metrics-store) and returns data, or is listed in
 * {@link #NO_DATA} with its reason (and then must return nothing). Every datasource, derived field
 * and link of the dashboard resolves, and the trace-id derived fields find the trace id of the
 * lines the panels return.
 */
class LogsDashboardQueriesTest {
    static final Instant START = Instant.parse("2026-03-20T00:00:00Z");
    static final Duration RUN = Duration.ofMinutes(70);
    static final Duration RANGE = Duration.ofHours(1);
    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final String OUTAGE_PROVIDER = "openai";

    /** "panel / refId" (or "panel / *") -> why the query has no data on gateway-sim's logs. */
    static final Map<String, String> NO_DATA = new LinkedHashMap<>();

    static SimLogFeed feed;
    static Dashboard dashboard;

    @BeforeAll
    static void feed() {
        dashboard = Dashboards.byUid("gatewayz-logs");
        feed = new SimLogFeed(11, 2, START);
        feed.inject(new ScenarioSpec(ScenarioKind.PROVIDER_OUTAGE, OUTAGE_PROVIDER, null, null, null, 0,
                Duration.ofMinutes(35), Duration.ofMinutes(12)));
        feed.inject(new ScenarioSpec(ScenarioKind.TOKEN_BURN, null, null, "user-5", null, 0, Duration.ofMinutes(50), Duration.ofMinutes(15)));
        feed.run(RUN);
    }

    @AfterAll
    static void close() {
        feed.close();
    }

    static long nanos(long ms) {
        return ms * 1_000_000L;
    }

    /** Grafana's Loki interpolation of a multi-value variable: each value regex-escaped, several joined as {@code (a|b)}. */
    static String lokiMulti(List<String> values) {
        List<String> esc = values.stream().map(v -> v.replaceAll("([\\\\.+*?()\\[\\]{}|^$])", "\\\\\\\\$1")).toList();
        return esc.size() == 1 ? esc.get(0) : "(" + String.join("|", esc) + ")";
    }

    /** The variable values Grafana inserts when the dashboard opens. */
    static Map<String, String> variableValues() {
        Map<String, String> values = new HashMap<>();
        long end = feed.nowMs();
        for (JsonNode v : dashboard.variables()) {
            String name = v.path("name").asString();
            String current = v.path("current").path("value").asString("");
            boolean all = "$__all".equals(current);
            switch (v.path("type").asString()) {
                case "query" -> {
                    String label = v.path("query").path("label").asString();
                    List<String> found;
                    try (LogQuerier q = feed.logs().forTenant(SimLogFeed.TENANT).querier()) {
                        found = q.labelValues(label, List.of(), nanos(end - RANGE.toMillis()), nanos(end));
                    }
                    assertThat(found).as("label_values(" + label + ")").isNotEmpty();
                    values.put(name, all && v.hasNonNull("allValue") ? v.path("allValue").asString() : lokiMulti(found));
                }
                case "custom" -> {
                    List<String> options = List.of(v.path("query").asString().split("\\s*,\\s*"));
                    values.put(name, all ? v.has("allValue") ? v.path("allValue").asString() : lokiMulti(options) : current);
                }
                default -> values.put(name, current);
            }
        }
        return values;
    }

    static String reason(Target t) {
        String r = NO_DATA.get(t.panel() + " / " + t.refId());
        return r != null ? r : NO_DATA.get(t.panel() + " / *");
    }

    /** Runs one target as Grafana would; returns the number of samples or entries it answered. */
    static long run(Target t, String q) {
        long end = feed.nowMs();
        long start = end - RANGE.toMillis();
        boolean instant = "instant".equals(t.json().path("queryType").asString("")) || t.json().path("instant").asBoolean(false)
                && !t.json().path("range").asBoolean(true);
        if (t.dsType().equals("prometheus")) {
            PromqlEngine promql = new PromqlEngine();
            QueryResult r = instant ? promql.instant(feed.metrics(), q, end) : promql.range(feed.metrics(), q, start, end, INTERVAL.toMillis());
            if (r.matrix() != null) {
                return r.matrix().stream().mapToLong(s -> s.size()).sum();
            }
            return r.vector() == null ? 0 : r.vector().size();
        }
        LogqlEngine engine = new LogqlEngine();
        int limit = t.json().path("maxLines").asInt(1000);
        LogqlRequest req = instant ? new LogqlRequest(q, nanos(end), nanos(end), 0, Direction.BACKWARD, limit)
                : new LogqlRequest(q, nanos(start), nanos(end), nanos(INTERVAL.toMillis()), Direction.BACKWARD, limit);
        LogqlResult r;
        try (LogQuerier querier = feed.logs().forTenant(SimLogFeed.TENANT).querier()) {
            r = engine.evaluate(querier, req);
        }
        return switch (r) {
            case LogqlResult.Streams s -> s.streams().stream().mapToLong(x -> x.entries().size()).sum();
            case LogqlResult.Matrix m -> m.series().stream().mapToLong(x -> x.values().length).sum();
            case LogqlResult.Vector v -> v.samples().size();
            case LogqlResult.Scalar s -> 1;
        };
    }

    @Test
    void everyPanelQueryReturnsDataOrIsListedWithItsReason() {
        assertThat(feed.ruleErrors()).isEmpty();
        assertThat(feed.pushed()).isGreaterThan(20_000);
        GrafanaMacros m = new GrafanaMacros(Duration.ofSeconds(15), INTERVAL, RANGE, variableValues());
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        Map<String, Long> answered = new LinkedHashMap<>();
        for (Target t : dashboard.targets()) {
            assertThat(t.dsType()).as(t.where()).isIn("loki", "prometheus");
            String q = m.apply(t.query());
            long n = run(t, q);
            answered.put(t.where(), n);
            String why = reason(t);
            if (n == 0 && why == null) {
                missing.add(t.where() + "\n    " + q);
            }
            if (n > 0 && why != null) {
                stale.add(t.where() + " has data but is listed: " + why);
            }
        }
        answered.forEach((k, v) -> System.out.println("logs dashboard: " + v + " " + k));
        assertThat(missing).as("queries without data and without a reason").isEmpty();
        assertThat(stale).as("listed queries that do return data").isEmpty();
        assertThat(answered).hasSize(dashboard.targets().size()).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void theLiveLogsFilterByProviderModelLevelAndText() {
        Map<String, String> v = variableValues();
        Target live = dashboard.targets().stream().filter(t -> t.panel().startsWith("Live logs")).findFirst().orElseThrow();
        assertThat(GrafanaMacros.referenced(live.query())).contains("provider", "model", "level", "search", "environment");
        v.put("provider", OUTAGE_PROVIDER);
        v.put("model", ".*");
        v.put("level", "ERROR");
        v.put("search", "(?i)error");
        String q = new GrafanaMacros(Duration.ofSeconds(15), INTERVAL, RANGE, v).apply(live.query());
        long end = feed.nowMs();
        LogqlResult.Streams r;
        try (LogQuerier querier = feed.logs().forTenant(SimLogFeed.TENANT).querier()) {
            r = (LogqlResult.Streams) new LogqlEngine().evaluate(querier,
                    new LogqlRequest(q, nanos(end - RANGE.toMillis()), nanos(end), nanos(60_000), Direction.BACKWARD, 5000));
        }
        List<LogEntry> entries = r.streams().stream().flatMap(s -> s.entries().stream()).toList();
        assertThat(entries).as(q).isNotEmpty();
        assertThat(r.streams()).allSatisfy(s -> assertThat(s.labels().get("level")).isEqualTo("ERROR"));
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.metadata().get("provider")).isEqualTo(OUTAGE_PROVIDER);
            assertThat(e.line()).containsIgnoringCase("error");
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> datasources() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(Peers.sourceRoot().resolve("grafana/provisioning/datasources/datasources.yml")));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> ds : (List<Map<String, Object>>) doc.get("datasources")) {
            out.put((String) ds.get("uid"), ds);
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDatasourceDerivedFieldAndLinkResolves() throws IOException {
        Map<String, Map<String, Object>> ds = datasources();
        Set<String> used = new TreeSet<>();
        for (JsonNode p : dashboard.panels()) {
            if (p.has("datasource") && p.path("datasource").has("uid")) {
                used.add(p.path("datasource").path("uid").asString());
            }
            p.path("targets").forEach(t -> used.add(t.path("datasource").path("uid").asString()));
            // data links of panels and field overrides that point into Explore name a datasource uid
            for (String link : p.findValuesAsString("datasourceUid")) {
                used.add(link);
            }
        }
        dashboard.variables().forEach(v -> {
            if (v.has("datasource")) {
                used.add(v.path("datasource").path("uid").asString());
            }
        });
        assertThat(ds.keySet()).containsAll(used);
        assertThat(used).contains("grafana_loki", "grafana_prometheus");

        // dashboard links by tag reach at least one other dashboard
        for (JsonNode l : dashboard.json().path("links")) {
            if (l.path("type").asString().equals("dashboards")) {
                Set<String> tags = new TreeSet<>();
                l.path("tags").forEach(x -> tags.add(x.asString()));
                assertThat(Dashboards.all()).as("dashboards tagged " + tags)
                        .anySatisfy(d -> assertThat(d.uid()).isNotEqualTo(dashboard.uid())
                                .satisfies(u -> assertThat(tagsOf(d)).containsAll(tags)));
            }
        }

        // the Loki datasource's derived fields point at a provisioned Tempo and find the trace id of gateway-sim's lines
        Map<String, Object> loki = ds.get("grafana_loki");
        List<Map<String, Object>> derived = (List<Map<String, Object>>) ((Map<String, Object>) loki.get("jsonData")).get("derivedFields");
        assertThat(derived).isNotEmpty();
        List<LogEntry> errors = errorLines();
        assertThat(errors).isNotEmpty();
        for (Map<String, Object> f : derived) {
            String uid = (String) f.get("datasourceUid");
            assertThat(ds).as("derived field " + f.get("name")).containsKey(uid);
            assertThat(ds.get(uid).get("type")).isEqualTo("tempo");
            boolean byLabel = "label".equals(f.get("matcherType"));
            Pattern re = byLabel ? null : Pattern.compile((String) f.get("matcherRegex"));
            for (LogEntry e : errors) {
                String traceId = e.metadata().get("trace_id");
                assertThat(traceId).as("trace_id metadata of " + e.line()).matches("[0-9a-f]{32}");
                if (byLabel) {
                    assertThat(e.metadata().get((String) f.get("matcherRegex"))).isEqualTo(traceId);
                } else {
                    Matcher mm = re.matcher(e.line());
                    assertThat(mm.find()).as(f.get("name") + " on " + e.line()).isTrue();
                    assertThat(mm.group(1)).isEqualTo(traceId);
                }
            }
        }
    }

    static Set<String> tagsOf(Dashboard d) {
        Set<String> out = new TreeSet<>();
        d.json().path("tags").forEach(x -> out.add(x.asString()));
        return out;
    }

    /** What the "Error lines with stack traces" panel shows. */
    static List<LogEntry> errorLines() {
        Target t = dashboard.targets().stream().filter(x -> x.panel().startsWith("Error lines")).findFirst().orElseThrow();
        String q = new GrafanaMacros(Duration.ofSeconds(15), INTERVAL, RANGE, variableValues()).apply(t.query());
        long end = feed.nowMs();
        try (LogQuerier querier = feed.logs().forTenant(SimLogFeed.TENANT).querier()) {
            LogqlResult.Streams r = (LogqlResult.Streams) new LogqlEngine().evaluate(querier,
                    new LogqlRequest(q, nanos(end - RANGE.toMillis()), nanos(end), nanos(60_000), Direction.BACKWARD, 200));
            return r.streams().stream().flatMap(s -> s.entries().stream()).collect(Collectors.toList());
        }
    }

    @Test
    void requestContextIsStructuredMetadataNeverALabel() {
        long end = feed.nowMs();
        try (LogQuerier q = feed.logs().forTenant(SimLogFeed.TENANT).querier()) {
            List<String> names = q.labelNames(List.of(), nanos(end - RUN.toMillis()), nanos(end));
            assertThat(names).contains("app", "environment", "service", "level", "service_name")
                    .doesNotContain("trace_id", "span_id", "user", "api_key_hash", "provider", "model", "error_type");
            List<Labels> series = q.series(List.of(), nanos(end - RUN.toMillis()), nanos(end));
            assertThat(series).hasSizeLessThanOrEqualTo(4);
        }
    }
}
