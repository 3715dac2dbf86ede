package ai.gatewayz.obs.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.promql.parser.Parser;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Dashboard;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Target;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.monitoring.sim.SimTraces;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.search.SearchRequest;
import ai.gatewayz.obs.traces.search.TraceSearch;
import ai.gatewayz.obs.traces.search.TraceSummary;
import ai.gatewayz.obs.traces.traceql.MetricsQuery;
import ai.gatewayz.obs.traces.traceql.MetricsResult;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The trace dashboard and the Tempo datasource's links on data: 40 minutes of gateway-sim traffic in
 * virtual time, its spans through gateway-sim's TraceEmitter and the OpenTelemetry SDK into
 * trace-store's receiver and storage, the generator (trace-store's bundled configuration) writing
 * into metrics-store's storage ({@link SimTraces}). Every target of {@code gatewayz-traces} runs
 * after Grafana's substitution ({@link GrafanaMacros}, variables on "All") the way its datasource
 * sends it — PromQL range queries against metrics-store, TraceQL searches and TraceQL-metrics range
 * queries against trace-store — and returns data, or is listed in {@link #NO_DATA} with its reason
 * (and then must return nothing). Every datasource uid a link names exists, and every link's query
 * template resolves against a stored span and returns data where its target runs here.
 */
class TraceDashboardQueriesTest {
    static final Duration RUN = Duration.ofMinutes(40);
    static final Duration RANGE = Duration.ofMinutes(30);
    static final Duration STEP = Duration.ofMinutes(1);
    /** The Prometheus datasources' jsonData.timeInterval (datasources.yml): the generator's collection interval. */
    static final Duration SCRAPE = Duration.ofSeconds(15);

    /** "panel / refId" -> why it has no data under normal traffic. */
    static final Map<String, String> NO_DATA = new LinkedHashMap<>();

    static SimFeed feed;
    static SimTraces traces;

    @BeforeAll
    static void run() {
        feed = new SimFeed(11, 2, Duration.ofSeconds(30), g -> false);
        traces = new SimTraces(feed);
        for (long t = 0; t < RUN.toMillis(); t += SCRAPE.toMillis()) {
            feed.run(SCRAPE);
            traces.tick();
        }
        System.out.println("trace dashboard feed: " + traces.spansAccepted() + " spans stored, " + traces.spansRejected()
                + " refused; generator " + traces.generatorStats());
    }

    @AfterAll
    static void close() {
        if (traces != null) {
            traces.close();
        }
        if (feed != null) {
            feed.close();
        }
    }

    static String reason(Target t) {
        String r = NO_DATA.get(t.panel() + " / " + t.refId());
        return r != null ? r : NO_DATA.get(t.panel() + " / *");
    }

    @Test
    void everyTraceDashboardQueryReturnsDataOrIsListedWithItsReason() {
        assertThat(traces.spansRejected()).isZero();
        assertThat(traces.generatorStats().spansDiscarded()).as("spans outside the ingestion slack").isZero();
        Dashboard d = Dashboards.byUid("gatewayz-traces");
        Map<String, String> values = new HashMap<>();
        d.variables().forEach(v -> values.put(v.path("name").asString(), ".*"));
        GrafanaMacros m = new GrafanaMacros(SCRAPE, STEP, RANGE, values);
        long end = feed.nowMs();
        long start = end - RANGE.toMillis();
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        Map<String, Integer> kinds = new HashMap<>();
        for (Target t : d.targets()) {
            String q = m.apply(t.query());
            boolean data;
            String kind;
            if (t.dsType().equals("prometheus")) {
                QueryResult r = feed.range(q, RANGE, STEP);
                data = r.matrix() != null && r.matrix().stream().anyMatch(s -> s.size() > 0);
                kind = "promql";
                if (t.json().path("exemplar").asBoolean(false)) {
                    assertExemplarsLinkToStoredTraces(t, q, start, end);
                }
            } else if (t.dsType().equals("tempo") && MetricsQuery.isMetrics(q)) {
                MetricsResult r = MetricsQuery.parse(q).range(traces.querier(), SimTraces.TENANT, start * 1_000_000L, end * 1_000_000L,
                        STEP.toNanos(), 100);
                data = r.series().stream().anyMatch(s -> s.values().length > 0);
                kind = "traceql-metrics";
            } else if (t.dsType().equals("tempo")) {
                int limit = t.json().path("limit").asInt(20);
                TraceSearch.Result r = TraceSearch.search(traces.querier(), SimTraces.TENANT,
                        new SearchRequest(q, Map.of(), 0, 0, start * 1_000_000L, end * 1_000_000L, limit, 3));
                data = !r.traces().isEmpty();
                assertThat(r.traces().size()).as(t.where()).isLessThanOrEqualTo(limit);
                kind = "traceql";
            } else {
                throw new AssertionError("a datasource this test does not run [" + t.where() + ", type=" + t.dsType() + "]");
            }
            kinds.merge(kind, 1, Integer::sum);
            String why = reason(t);
            if (!data && why == null) {
                missing.add(t.where() + "\n    " + q);
            }
            if (data && why != null) {
                stale.add(t.where() + " has data but is listed: " + why);
            }
        }
        assertThat(missing).as("queries without data and without a reason").isEmpty();
        assertThat(stale).as("listed queries that do return data").isEmpty();
        assertThat(kinds).containsOnlyKeys("promql", "traceql", "traceql-metrics");
    }

    /** What Grafana's exemplar query reads: the selectors' exemplars, each a trace_id trace-store finds. */
    private static void assertExemplarsLinkToStoredTraces(Target t, String q, long start, long end) {
        List<List<LabelMatcher>> selectors = new ArrayList<>();
        Matcher sel = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*\\{[^}]*}").matcher(q);
        while (sel.find()) {
            selectors.add(Parser.parseMetricSelector(sel.group()));
        }
        List<Storage.SeriesExemplars> found = feed.storage().exemplars(start, end, selectors);
        List<String> ids = found.stream().flatMap(se -> se.exemplars().stream()).map(e -> e.labels().get(exemplarLabel())).toList();
        assertThat(ids).as(t.where() + " exemplars").isNotEmpty();
        for (String id : ids.subList(0, Math.min(ids.size(), 50))) {
            assertThat(traces.querier().trace(SimTraces.TENANT, TraceId.parseHex(id), 0, Long.MAX_VALUE)).as("trace " + id).isNotEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> datasources() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(
                Peers.sourceRoot().resolve("grafana/provisioning/datasources/datasources.yml")));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> ds : (List<Map<String, Object>>) doc.get("datasources")) {
            out.put((String) ds.get("uid"), ds);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonData(String uid) throws IOException {
        return (Map<String, Object>) datasources().get(uid).get("jsonData");
    }

    @SuppressWarnings("unchecked")
    static String exemplarLabel() {
        try {
            List<Map<String, Object>> dests = (List<Map<String, Object>>) jsonData("grafana_prometheus").get("exemplarTraceIdDestinations");
            return (String) dests.getFirst().get("name");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code datasourceUid} anywhere in a datasource's jsonData, with where it sits. */
    @SuppressWarnings("unchecked")
    static void collectUids(Object node, String path, Map<String, String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("datasourceUid".equals(k)) {
                    out.put(path + "." + k, String.valueOf(v));
                } else {
                    collectUids(v, path + "." + k, out);
                }
            });
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collectUids(l.get(i), path + "[" + i + "]", out);
            }
        }
    }

    @Test
    void everyLinkNamesAnExistingDatasourceOfTheRightType() throws IOException {
        Map<String, Map<String, Object>> all = datasources();
        Map<String, String> uses = new LinkedHashMap<>();
        all.forEach((uid, ds) -> collectUids(ds.get("jsonData"), uid, uses));
        assertThat(uses).containsKeys("grafana_tempo.serviceMap.datasourceUid", "grafana_tempo.tracesToLogsV2.datasourceUid",
                "grafana_tempo.tracesToMetrics.datasourceUid", "grafana_tempo.tracesToProfiles.datasourceUid",
                "grafana_prometheus.exemplarTraceIdDestinations[0].datasourceUid", "grafana_loki.derivedFields[0].datasourceUid");
        Map<String, String> expectedType = Map.of("serviceMap", "prometheus", "tracesToLogsV2", "loki", "tracesToMetrics", "prometheus",
                "tracesToProfiles", "grafana-pyroscope-datasource", "lokiSearch", "loki", "exemplarTraceIdDestinations", "tempo",
                "derivedFields", "tempo");
        uses.forEach((where, uid) -> {
            assertThat(all).as(where).containsKey(uid);
            String field = where.split("\\.")[1].replaceAll("\\[.*", "");
            assertThat(all.get(uid).get("type")).as(where).isEqualTo(expectedType.get(field));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyLinkTemplateResolvesAgainstAStoredSpanAndFindsItsTarget() throws IOException {
        Map<String, Object> tempo = jsonData("grafana_tempo");
        Span span = inferenceSpan();
        long spanMs = span.endNanos() / 1_000_000L;

        // traces → metrics: each query, tags substituted, as a range query around the span
        Map<String, Object> toMetrics = (Map<String, Object>) tempo.get("tracesToMetrics");
        List<Map<String, Object>> queries = (List<Map<String, Object>>) toMetrics.get("queries");
        assertThat(queries).isNotEmpty();
        for (Map<String, Object> q : queries) {
            String resolved = LinkTemplate.resolve((String) q.get("query"), span, (List<Map<String, Object>>) toMetrics.get("tags"));
            QueryResult r = feed.promql().range(feed.storage(), resolved, spanMs - 300_000, spanMs + 300_000, 60_000);
            assertThat(r.matrix()).as(q.get("name") + ": " + resolved).anySatisfy(s -> assertThat(s.size()).isPositive());
        }

        // traces → logs: a LogQL query on gateway-sim's stream label and its trace_id structured metadata
        Map<String, Object> toLogs = (Map<String, Object>) tempo.get("tracesToLogsV2");
        assertThat(toLogs.get("customQuery")).isEqualTo(true);
        String logs = LinkTemplate.resolve((String) toLogs.get("query"), span, (List<Map<String, Object>>) toLogs.get("tags"));
        ai.gatewayz.obs.logs.logql.parser.Parser.parse(logs);
        Properties sim = new Properties();
        try (var in = Files.newInputStream(Peers.sourceRoot().resolve("gateway-sim/src/main/resources/application.properties"))) {
            sim.load(in);
        }
        assertThat(logs).isEqualTo("{service=\"" + sim.getProperty("sim.logs.service-label") + "\"} | trace_id=\"" + span.traceId().hex()
                + "\"");

        // traces → profiles: the backend's pyroscope application
        Map<String, Object> toProfiles = (Map<String, Object>) tempo.get("tracesToProfiles");
        String profiles = LinkTemplate.resolve((String) toProfiles.get("query"), span, (List<Map<String, Object>>) toProfiles.get("tags"));
        assertThat(Parser.parseMetricSelector(profiles)).contains(LabelMatcher.eq("service_name",
                sim.getProperty("sim.profiles.application-name")));

        // the service map (serviceMap.datasourceUid): Grafana's instant queries over the range
        for (String q : List.of("sum by (client, server) (rate(traces_service_graph_request_total[30m]))",
                "sum by (client, server) (rate(traces_service_graph_request_failed_total[30m]))",
                "sum by (client, server) (rate(traces_service_graph_request_server_seconds_sum[30m]))",
                "histogram_quantile(0.9, sum by (le, client, server) (rate(traces_service_graph_request_server_seconds_bucket[30m])))")) {
            QueryResult r = feed.instant(q);
            assertThat(r.vector()).as(q).isNotEmpty();
        }
        TreeSet<String> edges = new TreeSet<>();
        feed.instant("sum by (client, server) (traces_service_graph_request_total)").vector()
                .forEach(s -> edges.add(s.labels().get("client") + " → " + s.labels().get("server")));
        assertThat(edges).contains("user → gatewayz-api", "gatewayz-api → upstash-redis");
        assertThat(edges.stream().filter(e -> e.startsWith("gatewayz-api → ")).count()).as(edges.toString()).isGreaterThan(3);
    }

    /** A stored inference span (the AITracer span, with gen_ai attributes) from the feed's traffic. */
    private static Span inferenceSpan() {
        long end = feed.nowMs() * 1_000_000L;
        TraceSearch.Result r = TraceSearch.search(traces.querier(), SimTraces.TENANT, new SearchRequest(
                "{ span.gen_ai.request.model != nil && span.ai.provider != nil }", Map.of(), 0, 0, end - RANGE.toNanos(), end, 1, 1));
        assertThat(r.traces()).isNotEmpty();
        TraceSummary s = r.traces().getFirst();
        return traces.querier().trace(SimTraces.TENANT, s.traceId(), 0, Long.MAX_VALUE).stream()
                .filter(x -> Attr.find(x.attributes(), "ai.provider") != null).findFirst().orElseThrow();
    }
}
