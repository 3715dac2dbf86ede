package ai.gatewayz.obs.logs.server.explore;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.logs.explore.DetectedLabels;
import ai.gatewayz.obs.logs.explore.FieldDetector;
import ai.gatewayz.obs.logs.explore.Volumes;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.logql.ast.Expr;
import ai.gatewayz.obs.logs.logql.ast.LogQuery;
import ai.gatewayz.obs.logs.otlp.OtlpLogMapping;
import ai.gatewayz.obs.logs.patterns.PatternMiner;
import ai.gatewayz.obs.logs.server.api.LokiTimes;
import ai.gatewayz.obs.logs.server.api.MetadataController;
import ai.gatewayz.obs.logs.server.api.QueryLimitsProperties;
import ai.gatewayz.obs.logs.server.api.QueryRunner;
import ai.gatewayz.obs.logs.server.api.Selectors;
import ai.gatewayz.obs.logs.server.push.PushProperties;
import ai.gatewayz.obs.logs.server.storage.LogStorageProperties;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints Grafana's Logs Drilldown app calls (grafana-datasources.md §2.4, drilldown-apps.md §1):
 * {@code index/volume} and {@code index/volume_range}, {@code detected_fields},
 * {@code detected_field/<name>/values}, {@code detected_labels}, {@code patterns} and
 * {@code drilldown-limits}. Times are accepted as ns, float seconds or RFC 3339; {@code end} is
 * inclusive. Fields are detected on the newest {@code line_limit} lines the query keeps (Loki's
 * sampling), run through the LogQL engine so filters in the query apply.
 */
@RestController
public class DrilldownController {
    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final int DEFAULT_LIMIT = 1000;
    /** What detected_field values read when no query narrows it: every stream (discovery gives each a service_name). */
    private static final String ANY_STREAM = "{service_name=~\".+\"}";

    private final TenantLogStorages storages;
    private final QueryRunner runner;
    private final PatternMiner patterns;
    private final ExploreProperties explore;
    private final QueryLimitsProperties queryLimits;
    private final PushProperties push;
    private final LogStorageProperties storage;
    private final Clock clock;

    public DrilldownController(TenantLogStorages storages, QueryRunner runner, PatternMiner patterns, ExploreProperties explore,
            QueryLimitsProperties queryLimits, PushProperties push, LogStorageProperties storage, ObjectProvider<Clock> clock) {
        this.storages = storages;
        this.runner = runner;
        this.patterns = patterns;
        this.explore = explore;
        this.queryLimits = queryLimits;
        this.push = push;
        this.storage = storage;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** [start, end) in ns from the parameters; {@code end} is inclusive on the wire. */
    private long[] range(String start, String end, long defaultSpan) {
        long e = LokiTimes.nanos("end", end, clock.millis() * 1_000_000L);
        long s = LokiTimes.nanos("start", start, e - defaultSpan);
        if (e < s) {
            throw DrilldownErrors.endBeforeStart(s, e);
        }
        return new long[] {s, e == Long.MAX_VALUE ? e : e + 1};
    }

    private static int limit(String name, String raw, int dflt) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw DrilldownErrors.badLimit(name, raw);
    }

    private static List<String> csv(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/loki/api/v1/index/volume")
    public ResponseEntity<String> volume(HttpServletRequest req, @RequestParam(required = false) String query,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String targetLabels) {
        long[] r = range(start, end, 6 * HOUR);
        List<LabelMatcher> m = Selectors.leading(query);
        List<String> names = Volumes.groupNames(m, csv(targetLabels));
        try (LogQuerier q = storages.forTenant(Tenants.resolve(req)).querier()) {
            return json(DrilldownJson.volume(Volumes.volume(q, m, names, r[0], r[1], limit("limit", limit, 100)),
                    (r[1] - 1) / 1_000_000L));
        }
    }

    @GetMapping("/loki/api/v1/index/volume_range")
    public ResponseEntity<String> volumeRange(HttpServletRequest req, @RequestParam(required = false) String query,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String step, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String targetLabels) {
        long[] r = range(start, end, 6 * HOUR);
        long span = r[1] - 1 - r[0];
        long st = LokiTimes.step(step, Math.max(1_000_000_000L, span / 250 / 1_000_000_000L * 1_000_000_000L));
        st = Math.max(st, span / 11_000 + 1);
        List<LabelMatcher> m = Selectors.leading(query);
        List<String> names = Volumes.groupNames(m, csv(targetLabels));
        try (LogQuerier q = storages.forTenant(Tenants.resolve(req)).querier()) {
            List<Volumes.RangeGroup> g = Volumes.volumeRange(q, m, names, r[0], r[1] - 1, st, limit("limit", limit, 100));
            return json(DrilldownJson.volumeRange(g, r[0] / 1_000_000L, st / 1_000_000L));
        }
    }

    /** The newest {@code lineLimit} entries the log query keeps, through the LogQL engine. */
    private LogqlResult.Streams sample(String tenant, String query, long[] r, int lineLimit) {
        if (query == null || query.isBlank()) {
            throw DrilldownErrors.missingQuery();
        }
        int max = queryLimits.forTenant(tenant).maxEntriesLimitPerQuery();
        LogqlResult res = runner.run(tenant, new LogqlRequest(query, r[0], r[1], 1_000_000_000L, Direction.BACKWARD,
                Math.min(lineLimit, max)));
        if (!(res instanceof LogqlResult.Streams s)) {
            throw DrilldownErrors.notALogQuery(query);
        }
        return s;
    }

    private FieldDetector detect(LogqlResult.Streams s) {
        FieldDetector d = new FieldDetector();
        for (LogqlResult.Stream st : s.streams()) {
            for (LogEntry e : st.entries()) {
                d.add(e.line(), e.metadata());
            }
        }
        return d;
    }

    @GetMapping("/loki/api/v1/detected_fields")
    public ResponseEntity<String> detectedFields(HttpServletRequest req, @RequestParam(required = false) String query,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String limit, @RequestParam(name = "line_limit", required = false) String lineLimit) {
        String tenant = Tenants.resolve(req);
        int l = limit("limit", limit, DEFAULT_LIMIT);
        FieldDetector d = detect(sample(tenant, query, range(start, end, HOUR), limit("line_limit", lineLimit, DEFAULT_LIMIT)));
        return json(DrilldownJson.detectedFields(d.fields(l), l));
    }

    @GetMapping("/loki/api/v1/detected_field/{name}/values")
    public ResponseEntity<String> detectedFieldValues(HttpServletRequest req, @PathVariable String name,
            @RequestParam(required = false) String query, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, @RequestParam(required = false) String limit,
            @RequestParam(name = "line_limit", required = false) String lineLimit) {
        String tenant = Tenants.resolve(req);
        int l = limit("limit", limit, DEFAULT_LIMIT);
        String q = query == null || query.isBlank() ? ANY_STREAM : query;
        FieldDetector d = detect(sample(tenant, q, range(start, end, HOUR), limit("line_limit", lineLimit, DEFAULT_LIMIT)));
        return json(DrilldownJson.fieldValues(d.values(name, l), l));
    }

    @GetMapping("/loki/api/v1/detected_labels")
    public ResponseEntity<String> detectedLabels(HttpServletRequest req, @RequestParam(required = false) String query,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end) {
        long[] r = range(start, end, HOUR);
        List<LabelMatcher> m = Selectors.leading(query);
        Map<String, Integer> card;
        try (LogQuerier q = storages.forTenant(Tenants.resolve(req)).querier()) {
            card = DetectedLabels.of(q.series(m, r[0], r[1]));
        }
        return json(DrilldownJson.detectedLabels(card));
    }

    @GetMapping("/loki/api/v1/patterns")
    public ResponseEntity<String> patterns(HttpServletRequest req, @RequestParam(required = false) String query,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String step, @RequestParam(required = false) String limit) {
        long[] r = range(start, end, HOUR);
        long st = LokiTimes.step(step, Math.max(10_000_000_000L, (r[1] - r[0]) / 250));
        List<LabelMatcher> m = patternMatchers(query);
        return json(DrilldownJson.patterns(
                patterns.query(Tenants.resolve(req), m, r[0], r[1], st, limit("limit", limit, 1000))));
    }

    /**
     * The matchers of a {@code /patterns} query. Loki's pattern querier accepts a stream selector and
     * nothing else (its {@code syntax.ParseMatchers}): a line filter, a parser or a label filter after
     * the selector, or a metric query, is a 400, since patterns are counted per stream and cannot be
     * narrowed to the lines a filter keeps. The selector is validated as a query's would be.
     */
    static List<LabelMatcher> patternMatchers(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        Expr e = LogqlEngine.parse(query);
        if (!(e instanceof LogQuery q) || !q.stages().isEmpty()) {
            throw DrilldownErrors.onlyLabelMatchers(query);
        }
        return q.matchers();
    }

    /** The limits the app reads (drilldown-apps.md §1); durations in Go's notation. */
    @GetMapping("/loki/api/v1/drilldown-limits")
    public ResponseEntity<String> limits(HttpServletRequest req) {
        String tenant = Tenants.resolve(req);
        QueryLimitsProperties.Limits q = queryLimits.forTenant(tenant);
        var p = push.forTenant(tenant);
        Duration retention = storage.tenantRetention().getOrDefault(tenant, storage.retention());
        String body = "{\"limits\":{"
                + "\"discover_log_levels\":" + p.discoverLogLevels()
                + ",\"discover_service_name\":[\"service\",\"app\",\"application\",\"name\",\"app_kubernetes_io_name\","
                + "\"container\",\"container_name\",\"component\",\"workload\",\"job\"]"
                + ",\"log_level_fields\":[\"level\",\"LEVEL\",\"Level\",\"severity\",\"SEVERITY\",\"Severity\",\"lvl\",\"LVL\",\"Lvl\"]"
                + ",\"max_entries_limit_per_query\":" + q.maxEntriesLimitPerQuery()
                + ",\"max_line_size_truncate\":false"
                + ",\"max_query_bytes_read\":\"0B\""
                + ",\"max_query_length\":\"" + Durations.format(q.maxQueryLength().toMillis()) + "\""
                + ",\"max_query_lookback\":\"0s\""
                + ",\"max_query_range\":\"0s\""
                + ",\"max_query_series\":" + q.maxQuerySeries()
                + ",\"metric_aggregation_enabled\":false"
                + ",\"otlp_config\":{\"resource_attributes\":{\"attributes_config\":[{\"action\":\"index_label\",\"attributes\":"
                + otlpIndexLabels() + "}]}}"
                + ",\"pattern_persistence_enabled\":false"
                + ",\"query_timeout\":\"" + Durations.format(q.queryTimeout().toMillis()) + "\""
                + ",\"retention_period\":\"" + Durations.format(retention.toMillis()) + "\""
                + ",\"volume_enabled\":true"
                + ",\"volume_max_series\":1000"
                + "},\"pattern_ingester_enabled\":" + explore.patterns()
                + ",\"version\":\"" + MetadataController.VERSION + "\"}";
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "private, max-age=86400").body(body);
    }

    private static String otlpIndexLabels() {
        StringBuilder sb = new StringBuilder("[");
        List<String> names = OtlpLogMapping.DEFAULT_INDEX_ATTRIBUTES;
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(names.get(i)).append('"');
        }
        return sb.append(']').toString();
    }
}
