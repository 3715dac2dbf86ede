package ai.gatewayz.obs.metrics.server.api;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.QueryParams;
import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryOptions;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.promql.parser.Expr;
import ai.gatewayz.obs.metrics.promql.parser.ParseException;
import ai.gatewayz.obs.metrics.promql.parser.Parser;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.TenantStorages;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Prometheus HTTP query API, also under Mimir's {@code /prometheus} prefix. GET and
 * form-encoded POST are both accepted and URL and body parameters are merged (the servlet
 * container does this for form bodies). The tenant comes from {@code X-Scope-OrgID}.
 */
@RestController
@EnableConfigurationProperties(QueryProperties.class)
public class QueryApiController {
    private static final Logger log = LoggerFactory.getLogger(QueryApiController.class);
    static final long MIN_TIME = -(1L << 60);
    static final long MAX_TIME = 1L << 60;

    private final TenantStorages storages;
    private final PromqlEngine engine;
    private final QueryProperties props;
    private final Clock clock;

    public QueryApiController(TenantStorages storages, QueryProperties props, ObjectProvider<Clock> clock) {
        this.storages = storages;
        this.props = props;
        this.engine = new PromqlEngine(props.toOptions());
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    private Storage storage(HttpServletRequest req) {
        return storages.forTenant(Tenants.resolve(req));
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    // ---------------------------------------------------------------- queries

    @RequestMapping(path = {"/api/v1/query", "/prometheus/api/v1/query"}, method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> query(HttpServletRequest req) {
        String q = param(req, "query");
        long time = QueryParams.time("time", req.getParameter("time"), clock.millis());
        QueryOptions o = withTimeout(req);
        QueryResult r = run(() -> engine.instant(storage(req), q, time, o));
        return json(ApiJson.success(ApiJson.queryData(r), r.warnings(), r.infos()));
    }

    @RequestMapping(path = {"/api/v1/query_range", "/prometheus/api/v1/query_range"},
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> queryRange(HttpServletRequest req) {
        long start = QueryParams.requireTime("start", req.getParameter("start"));
        long end = QueryParams.requireTime("end", req.getParameter("end"));
        if (end < start) {
            throw ApiErrors.invalidParam("end", "end timestamp must not be before start time");
        }
        long step = QueryParams.step(req.getParameter("step"));
        String q = param(req, "query");
        QueryOptions o = withTimeout(req);
        QueryResult r = run(() -> engine.range(storage(req), q, start, end, step, o));
        return json(ApiJson.success(ApiJson.queryData(r), r.warnings(), r.infos()));
    }

    private QueryOptions withTimeout(HttpServletRequest req) {
        QueryOptions o = engine.options();
        long timeout = QueryParams.duration("timeout", req.getParameter("timeout"), 0);
        if (timeout > 0 && timeout < o.timeoutMs()) {
            o = o.withTimeout(timeout);
        }
        long lookback = QueryParams.duration("lookback_delta", req.getParameter("lookback_delta"), 0);
        if (lookback > 0) {
            o = o.withLookback(lookback);
        }
        return o;
    }

    private interface Query {
        QueryResult run();
    }

    private static QueryResult run(Query q) {
        try {
            return q.run();
        } catch (ParseException e) {
            throw ApiErrors.invalidParam("query", e.getMessage());
        } catch (SuiteException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new SuiteException(ErrorKind.EXECUTION, "query too deeply nested");
        } catch (RuntimeException e) {
            log.warn("query evaluation failed unexpectedly", e);
            throw new SuiteException(ErrorKind.EXECUTION,
                    "unexpected error evaluating query [type=" + e.getClass().getSimpleName() + "]");
        }
    }

    // ---------------------------------------------------------------- series and labels

    @RequestMapping(path = {"/api/v1/series", "/prometheus/api/v1/series"}, method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> series(HttpServletRequest req) {
        List<List<LabelMatcher>> sets = matchers(req, true);
        long start = timeParam(req, "start", MIN_TIME);
        long end = timeParam(req, "end", MAX_TIME);
        int limit = limit(req);
        TreeSet<Labels> out = new TreeSet<>();
        try (Querier q = storage(req).querier(start, end)) {
            for (List<LabelMatcher> ms : sets) {
                SeriesSet s = q.select(true, ms);
                while (s.next()) {
                    out.add(s.at().labels());
                }
            }
        }
        List<String> warnings = new ArrayList<>();
        StringBuilder sb = new StringBuilder("[");
        int n = 0;
        for (Labels l : out) {
            if (limit > 0 && n >= limit) {
                warnings.add("results truncated due to limit");
                break;
            }
            if (n++ > 0) {
                sb.append(',');
            }
            ApiJson.labels(sb, l);
        }
        sb.append(']');
        return json(ApiJson.success(sb.toString(), warnings, null));
    }

    @RequestMapping(path = {"/api/v1/labels", "/prometheus/api/v1/labels"}, method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> labels(HttpServletRequest req) {
        List<List<LabelMatcher>> sets = matchers(req, false);
        long start = timeParam(req, "start", MIN_TIME);
        long end = timeParam(req, "end", MAX_TIME);
        int limit = limit(req);
        TreeSet<String> names = new TreeSet<>();
        try (Querier q = storage(req).querier(start, end)) {
            if (sets.isEmpty()) {
                names.addAll(q.labelNames(List.of()));
            } else {
                for (List<LabelMatcher> ms : sets) {
                    names.addAll(q.labelNames(ms));
                }
            }
        }
        return json(stringArray(names, limit));
    }

    @RequestMapping(path = {"/api/v1/label/{name}/values", "/prometheus/api/v1/label/{name}/values"},
            method = RequestMethod.GET)
    public ResponseEntity<String> labelValues(@PathVariable("name") String rawName, HttpServletRequest req) {
        String name = decodeLabelName(rawName);
        if (name.isEmpty()) {
            throw ApiErrors.invalidLabelName(rawName);
        }
        List<List<LabelMatcher>> sets = matchers(req, false);
        long start = timeParam(req, "start", MIN_TIME);
        long end = timeParam(req, "end", MAX_TIME);
        int limit = limit(req);
        TreeSet<String> values = new TreeSet<>();
        try (Querier q = storage(req).querier(start, end)) {
            if (sets.isEmpty()) {
                values.addAll(q.labelValues(name, List.of()));
            } else {
                for (List<LabelMatcher> ms : sets) {
                    values.addAll(q.labelValues(name, ms));
                }
            }
        }
        return json(stringArray(values, limit));
    }

    private static String stringArray(java.util.Collection<String> items, int limit) {
        List<String> list = new ArrayList<>(items);
        List<String> warnings = new ArrayList<>();
        if (limit > 0 && list.size() > limit) {
            list = list.subList(0, limit);
            warnings.add("results truncated due to limit");
        }
        StringBuilder sb = new StringBuilder();
        ApiJson.stringList(sb, list);
        return ApiJson.success(sb.toString(), warnings, null);
    }

    /** Prometheus 3's escaping of UTF-8 label names in paths: {@code U__http_2e_method} is {@code http.method}. */
    static String decodeLabelName(String raw) {
        if (!raw.startsWith("U__")) {
            return raw;
        }
        String s = raw.substring(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_') {
                sb.append(c);
                continue;
            }
            if (i + 1 < s.length() && s.charAt(i + 1) == '_') {
                sb.append('_');
                i++;
                continue;
            }
            int end = s.indexOf('_', i + 1);
            if (end < 0) {
                return raw;
            }
            try {
                sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, end), 16));
            } catch (IllegalArgumentException e) {
                return raw;
            }
            i = end;
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- metadata, exemplars

    @RequestMapping(path = {"/api/v1/metadata", "/prometheus/api/v1/metadata"}, method = RequestMethod.GET)
    public ResponseEntity<String> metadata(HttpServletRequest req) {
        int limit = limit(req);
        String metric = req.getParameter("metric");
        Map<String, List<Metadata>> md = storage(req).metadata(metric, limit < 0 ? 0 : limit);
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, List<Metadata>> e : md.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            ApiJson.string(sb, e.getKey());
            sb.append(":[");
            for (int i = 0; i < e.getValue().size(); i++) {
                Metadata m = e.getValue().get(i);
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("{\"type\":");
                ApiJson.string(sb, m.type().wireName());
                sb.append(",\"help\":");
                ApiJson.string(sb, m.help());
                sb.append(",\"unit\":");
                ApiJson.string(sb, m.unit());
                sb.append('}');
            }
            sb.append(']');
        }
        sb.append('}');
        return json(ApiJson.success(sb.toString(), null, null));
    }

    @RequestMapping(path = {"/api/v1/query_exemplars", "/prometheus/api/v1/query_exemplars"},
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> exemplars(HttpServletRequest req) {
        long start = timeParam(req, "start", MIN_TIME);
        long end = timeParam(req, "end", MAX_TIME);
        if (end < start) {
            throw ApiErrors.invalidParam("end", "end timestamp must not be before start time");
        }
        String q = param(req, "query");
        Expr e;
        try {
            e = Parser.parse(q);
        } catch (ParseException ex) {
            throw ApiErrors.invalidParam("query", ex.getMessage());
        }
        List<List<LabelMatcher>> sets = new ArrayList<>();
        collectSelectors(e, sets);
        List<Storage.SeriesExemplars> found = sets.isEmpty() ? List.of() : storage(req).exemplars(start, end, sets);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < found.size(); i++) {
            Storage.SeriesExemplars se = found.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"seriesLabels\":");
            ApiJson.labels(sb, se.seriesLabels());
            sb.append(",\"exemplars\":[");
            for (int k = 0; k < se.exemplars().size(); k++) {
                Exemplar ex = se.exemplars().get(k);
                if (k > 0) {
                    sb.append(',');
                }
                sb.append("{\"labels\":");
                ApiJson.labels(sb, ex.labels());
                sb.append(",\"value\":\"").append(ApiJson.value(ex.value())).append("\",\"timestamp\":");
                ApiJson.timestamp(sb, ex.timestampMs());
                sb.append('}');
            }
            sb.append("]}");
        }
        sb.append(']');
        return json(ApiJson.success(sb.toString(), null, null));
    }

    private static void collectSelectors(Expr e, List<List<LabelMatcher>> out) {
        switch (e) {
            case Expr.VectorSelector vs -> out.add(vs.matchers());
            case Expr.MatrixSelector ms -> out.add(ms.selector().matchers());
            case Expr.Subquery sq -> collectSelectors(sq.expr(), out);
            case Expr.Paren p -> collectSelectors(p.expr(), out);
            case Expr.Unary u -> collectSelectors(u.expr(), out);
            case Expr.Binary b -> {
                collectSelectors(b.lhs(), out);
                collectSelectors(b.rhs(), out);
            }
            case Expr.Call c -> c.args().forEach(a -> collectSelectors(a, out));
            case Expr.Aggregate a -> collectSelectors(a.expr(), out);
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------- status

    @RequestMapping(path = {"/api/v1/format_query", "/prometheus/api/v1/format_query"},
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<String> formatQuery(HttpServletRequest req) {
        String q = param(req, "query");
        try {
            StringBuilder sb = new StringBuilder();
            ApiJson.string(sb, Parser.parse(q).print());
            return json(ApiJson.success(sb.toString(), null, null));
        } catch (ParseException e) {
            throw ApiErrors.invalidParam("query", e.getMessage());
        }
    }

    @RequestMapping(path = {"/api/v1/status/buildinfo", "/prometheus/api/v1/status/buildinfo"}, method = RequestMethod.GET)
    public ResponseEntity<String> buildinfo() {
        StringBuilder sb = new StringBuilder("{\"version\":");
        ApiJson.string(sb, props.version());
        sb.append(",\"revision\":\"metrics-store\",\"branch\":\"main\",\"buildUser\":\"gatewayz\","
                + "\"buildDate\":\"20260101-00:00:00\",\"goVersion\":\"n/a\"}");
        return json(ApiJson.success(sb.toString(), null, null));
    }

    @RequestMapping(path = {"/api/v1/status/config", "/prometheus/api/v1/status/config"}, method = RequestMethod.GET)
    public ResponseEntity<String> config() {
        String yaml = "global:\n  scrape_interval: 1m\n  scrape_timeout: 10s\n  evaluation_interval: 1m\n";
        StringBuilder sb = new StringBuilder("{\"yaml\":");
        ApiJson.string(sb, yaml);
        sb.append('}');
        return json(ApiJson.success(sb.toString(), null, null));
    }

    @RequestMapping(path = {"/api/v1/status/flags", "/prometheus/api/v1/status/flags"}, method = RequestMethod.GET)
    public ResponseEntity<String> flags() {
        QueryOptions o = engine.options();
        String data = "{\"query.lookback-delta\":\"" + ai.gatewayz.obs.common.Durations.format(o.lookbackDeltaMs())
                + "\",\"query.max-samples\":\"" + o.maxSamples() + "\",\"query.timeout\":\""
                + ai.gatewayz.obs.common.Durations.format(o.timeoutMs()) + "\"}";
        return json(ApiJson.success(data, null, null));
    }

    // ---------------------------------------------------------------- parameters

    private static String param(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        return v == null ? "" : v;
    }

    private static long timeParam(HttpServletRequest req, String name, long def) {
        return QueryParams.time(name, req.getParameter(name), def);
    }

    private static int limit(HttpServletRequest req) {
        String v = req.getParameter("limit");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            int l = Integer.parseInt(v);
            return Math.max(l, 0);
        } catch (NumberFormatException e) {
            throw ApiErrors.limitNotNumber();
        }
    }

    private static List<List<LabelMatcher>> matchers(HttpServletRequest req, boolean required) {
        String[] raw = req.getParameterValues("match[]");
        if (raw == null || raw.length == 0) {
            if (required) {
                throw ApiErrors.noMatch();
            }
            return List.of();
        }
        List<List<LabelMatcher>> out = new ArrayList<>(raw.length);
        for (String m : raw) {
            try {
                out.add(Parser.parseSelector(m).matchers());
            } catch (ParseException e) {
                throw ApiErrors.invalidParam("match[]", e.getMessage());
            }
        }
        return out;
    }
}
