package ai.gatewayz.obs.traces.server.api;

import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.search.SearchRequest;
import ai.gatewayz.obs.traces.search.TagCatalog;
import ai.gatewayz.obs.traces.search.TraceSearch;
import ai.gatewayz.obs.traces.search.TraceSummary;
import ai.gatewayz.obs.traces.storage.TraceQuerier;
import ai.gatewayz.obs.traces.traceql.SpansetMatch;
import ai.gatewayz.obs.traces.traceql.TraceqlQuery;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tempo search and tag discovery (grafana-datasources.md §3.3-3.4): {@code /api/search} with
 * TraceQL ({@code q}) or legacy {@code tags/minDuration/maxDuration}; v2 and v1 tag names and
 * values. JSON typed as Grafana's Go decoder demands: 64-bit nanos as strings, durationMs and
 * matched as numbers. Any time range is served.
 */
@RestController
public class SearchController {
    private final TraceQuerier querier;

    public SearchController(TraceQuerier querier) {
        this.querier = querier;
    }

    @GetMapping("/api/search")
    public ResponseEntity<String> search(@RequestParam(required = false) String q, @RequestParam(required = false) String tags,
            @RequestParam(required = false) String minDuration, @RequestParam(required = false) String maxDuration,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String spss,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end, HttpServletRequest req) {
        TimeRange range = TimeRange.parse(start, end);
        int lim = positive("limit", limit, 20);
        int perSet = positive("spss", spss, 3);
        boolean legacy = (q == null || q.isBlank()) && (tags != null || minDuration != null || maxDuration != null);
        SearchRequest sr = new SearchRequest(legacy ? null : (q == null ? "{}" : q), legacy ? Logfmt.parse(tags) : Map.of(),
                minDuration == null || minDuration.isBlank() ? 0 : GoDurations.parseNanos("minDuration", minDuration),
                maxDuration == null || maxDuration.isBlank() ? 0 : GoDurations.parseNanos("maxDuration", maxDuration),
                range.startNanos(), range.endNanos(), lim, perSet);
        TraceSearch.Result r = TraceSearch.search(querier, Tenants.resolve(req), sr);
        JsonObject body = new JsonObject();
        JsonArray traces = new JsonArray();
        for (TraceSummary t : r.traces()) {
            traces.add(trace(t));
        }
        body.add("traces", traces);
        JsonObject metrics = new JsonObject();
        metrics.addProperty("inspectedTraces", r.inspectedTraces());
        metrics.addProperty("inspectedSpans", Long.toString(r.inspectedSpans()));
        metrics.addProperty("completedJobs", 1);
        metrics.addProperty("totalJobs", 1);
        body.add("metrics", metrics);
        return json(body.toString());
    }

    private static JsonObject trace(TraceSummary t) {
        JsonObject o = new JsonObject();
        o.addProperty("traceID", t.traceId().hex());
        o.addProperty("rootServiceName", t.rootServiceName());
        o.addProperty("rootTraceName", t.rootTraceName());
        o.addProperty("startTimeUnixNano", Long.toUnsignedString(t.startNanos()));
        long ms = t.durationNanos() / 1_000_000;
        if (ms > 0) {
            o.addProperty("durationMs", ms);
        }
        JsonArray sets = new JsonArray();
        for (SpansetMatch m : t.spansets()) {
            JsonObject set = new JsonObject();
            JsonArray spans = new JsonArray();
            for (int i = 0; i < m.spans().size(); i++) {
                spans.add(span(m.spans().get(i), m.attributes().get(i)));
            }
            set.add("spans", spans);
            set.addProperty("matched", m.matched());
            sets.add(set);
        }
        if (!t.spansets().isEmpty()) {
            o.add("spanSet", sets.get(0));
        }
        o.add("spanSets", sets);
        JsonObject stats = new JsonObject();
        t.serviceStats().forEach((svc, c) -> {
            JsonObject s = new JsonObject();
            s.addProperty("spanCount", c[0]);
            if (c[1] > 0) {
                s.addProperty("errorCount", c[1]);
            }
            stats.add(svc, s);
        });
        o.add("serviceStats", stats);
        return o;
    }

    private static JsonObject span(Span s, List<Attr> attrs) {
        JsonObject o = new JsonObject();
        o.addProperty("spanID", Ids.hex(s.spanId()));
        o.addProperty("name", s.name());
        o.addProperty("startTimeUnixNano", Long.toUnsignedString(s.startNanos()));
        o.addProperty("durationNanos", Long.toString(s.durationNanos()));
        if (!attrs.isEmpty()) {
            JsonArray a = new JsonArray();
            for (Attr at : attrs) {
                JsonObject kv = new JsonObject();
                kv.addProperty("key", at.key());
                kv.add("value", AttrJson.value(at.value()));
                a.add(kv);
            }
            o.add("attributes", a);
        }
        return o;
    }

    @GetMapping("/api/v2/search/tags")
    public ResponseEntity<String> tagsV2(@RequestParam(required = false) String scope, @RequestParam(required = false) String q,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String limit, HttpServletRequest req) {
        TimeRange range = TimeRange.parse(start, end);
        if (scope != null && !scope.isBlank() && !scope.equals("intrinsic") && !scope.equals("all")
                && !TagCatalog.SCOPES.contains(scope)) {
            throw TempoErrors.badParam("scope", scope, "one of resource, span, intrinsic, event, link, instrumentation");
        }
        Map<String, TreeSet<String>> tags = TagCatalog.tags(querier, Tenants.resolve(req), range.startNanos(), range.endNanos(),
                lenient(q), positive("limit", limit, 5000));
        JsonArray scopes = new JsonArray();
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        tags.forEach((k, v) -> ordered.put(k, List.copyOf(v)));
        ordered.put("intrinsic", TagCatalog.INTRINSICS);
        ordered.forEach((name, names) -> {
            if (scope == null || scope.isBlank() || scope.equals("all") || scope.equals(name)) {
                if (!names.isEmpty() || name.equals("intrinsic")) {
                    JsonObject s = new JsonObject();
                    s.addProperty("name", name);
                    JsonArray a = new JsonArray();
                    names.forEach(a::add);
                    s.add("tags", a);
                    scopes.add(s);
                }
            }
        });
        JsonObject body = new JsonObject();
        body.add("scopes", scopes);
        return json(body.toString());
    }

    @GetMapping("/api/search/tags")
    public ResponseEntity<String> tagsV1(@RequestParam(required = false) String start, @RequestParam(required = false) String end,
            HttpServletRequest req) {
        TimeRange range = TimeRange.parse(start, end);
        Map<String, TreeSet<String>> tags = TagCatalog.tags(querier, Tenants.resolve(req), range.startNanos(), range.endNanos(), null, 5000);
        TreeSet<String> names = new TreeSet<>();
        names.addAll(tags.get("resource"));
        names.addAll(tags.get("span"));
        JsonArray a = new JsonArray();
        names.forEach(a::add);
        JsonObject body = new JsonObject();
        body.add("tagNames", a);
        return json(body.toString());
    }

    @GetMapping("/api/v2/search/tag/{tag}/values")
    public ResponseEntity<String> valuesV2(@PathVariable String tag, @RequestParam(required = false) String q,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String limit, HttpServletRequest req) {
        TimeRange range = TimeRange.parse(start, end);
        String name = URLDecoder.decode(tag, StandardCharsets.UTF_8);
        JsonArray a = new JsonArray();
        for (TagCatalog.TagValue v : TagCatalog.values(querier, Tenants.resolve(req), name, range.startNanos(), range.endNanos(),
                lenient(q), positive("limit", limit, 5000))) {
            JsonObject o = new JsonObject();
            o.addProperty("type", v.type());
            o.addProperty("value", v.value());
            a.add(o);
        }
        JsonObject body = new JsonObject();
        body.add("tagValues", a);
        return json(body.toString());
    }

    @GetMapping("/api/search/tag/{tag}/values")
    public ResponseEntity<String> valuesV1(@PathVariable String tag, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, HttpServletRequest req) {
        TimeRange range = TimeRange.parse(start, end);
        String name = URLDecoder.decode(tag, StandardCharsets.UTF_8);
        TreeSet<String> values = new TreeSet<>();
        TagCatalog.values(querier, Tenants.resolve(req), "." + name, range.startNanos(), range.endNanos(), null, 5000)
                .forEach(v -> values.add(v.value()));
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        JsonObject body = new JsonObject();
        body.add("tagValues", a);
        return json(body.toString());
    }

    /** The {@code q} filter of tag requests may be a fragment ({@code { .cluster = }}): what does not parse is ignored. */
    private static TraceqlQuery lenient(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        try {
            return TraceqlQuery.parse(q);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int positive(String name, String v, int dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0) {
                throw TempoErrors.badParam(name, v, "must not be negative");
            }
            return n == 0 ? dflt : n;
        } catch (NumberFormatException e) {
            throw TempoErrors.badParam(name, v, "not an integer");
        }
    }

    private static ResponseEntity<String> json(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
