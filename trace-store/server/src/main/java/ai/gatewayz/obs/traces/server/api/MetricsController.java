package ai.gatewayz.obs.traces.server.api;

import ai.gatewayz.obs.http.Tenants;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.storage.TraceQuerier;
import ai.gatewayz.obs.traces.traceql.MetricsQuery;
import ai.gatewayz.obs.traces.traceql.MetricsResult;
import ai.gatewayz.obs.traces.traceql.MetricsSeries;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * TraceQL metrics (grafana-datasources.md §3.7): {@code /api/metrics/query_range} answers Tempo's
 * {@code QueryRangeResponse} JSON (labels, promLabels, samples, exemplars labelled
 * {@code trace:id}); {@code /api/metrics/query} its {@code QueryInstantResponse} with only
 * {@code labels} and {@code value} per series, since Grafana decodes that one strictly.
 * {@code start}/{@code end} are Unix seconds, Unix nanoseconds or RFC 3339 (default: the last
 * hour); {@code step} a Go duration or seconds (default: a hundredth of the range, at least 1 s).
 * Any range is served up to {@link MetricsQuery#MAX_INTERVALS} intervals.
 */
@RestController
public class MetricsController {
    private static final long SECOND = 1_000_000_000L;

    private final TraceQuerier querier;
    private final Clock clock;

    public MetricsController(TraceQuerier querier, ObjectProvider<Clock> clock) {
        this.querier = querier;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/api/metrics/query_range")
    public ResponseEntity<String> range(@RequestParam(required = false) String q, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, @RequestParam(required = false) String step,
            @RequestParam(required = false) String exemplars, HttpServletRequest req) {
        MetricsQuery query = MetricsQuery.parse(required(q));
        long[] range = range(start, end);
        long stepNanos = step == null || step.isBlank() ? Math.max(SECOND, (range[1] - range[0]) / 100 / SECOND * SECOND) : step(step);
        int ex = exemplars == null || exemplars.isBlank() ? 100 : nonNegative("exemplars", exemplars);
        MetricsResult r = query.range(querier, Tenants.resolve(req), range[0], range[1], stepNanos, ex);
        JsonObject body = new JsonObject();
        JsonArray series = new JsonArray();
        for (MetricsSeries s : r.series()) {
            JsonObject o = new JsonObject();
            o.add("labels", labels(s.labels()));
            o.addProperty("promLabels", s.promLabels());
            JsonArray samples = new JsonArray();
            for (int i = 0; i < s.values().length; i++) {
                if (!Double.isNaN(s.values()[i])) {
                    JsonObject p = new JsonObject();
                    p.addProperty("timestampMs", Long.toString(s.timestampsMs()[i]));
                    number(p, "value", s.values()[i]);
                    samples.add(p);
                }
            }
            o.add("samples", samples);
            if (!s.exemplars().isEmpty()) {
                JsonArray exs = new JsonArray();
                for (MetricsSeries.Exemplar e : s.exemplars()) {
                    JsonObject x = new JsonObject();
                    x.add("labels", labels(List.of(Attr.of("trace:id", e.traceId()), Attr.of("span:id", e.spanId()))));
                    number(x, "value", e.value());
                    x.addProperty("timestampMs", Long.toString(e.timestampMs()));
                    exs.add(x);
                }
                o.add("exemplars", exs);
            }
            series.add(o);
        }
        body.add("series", series);
        body.add("metrics", metrics(r));
        return json(body);
    }

    @GetMapping("/api/metrics/query")
    public ResponseEntity<String> instant(@RequestParam(required = false) String q, @RequestParam(required = false) String start,
            @RequestParam(required = false) String end, HttpServletRequest req) {
        MetricsQuery query = MetricsQuery.parse(required(q));
        long[] range = range(start, end);
        MetricsResult r = query.instant(querier, Tenants.resolve(req), range[0], range[1]);
        JsonObject body = new JsonObject();
        JsonArray series = new JsonArray();
        for (MetricsSeries s : r.series()) {
            if (Double.isNaN(s.values()[0])) {
                continue;
            }
            JsonObject o = new JsonObject();
            o.add("labels", labels(s.labels()));
            number(o, "value", s.values()[0]);
            series.add(o);
        }
        body.add("series", series);
        body.add("metrics", metrics(r));
        return json(body);
    }

    private static String required(String q) {
        if (q == null || q.isBlank()) {
            throw TempoErrors.badParam("q", String.valueOf(q), "a TraceQL metrics query is required, such as {} | rate()");
        }
        return q;
    }

    private static JsonObject metrics(MetricsResult r) {
        JsonObject m = new JsonObject();
        m.addProperty("inspectedTraces", r.inspectedTraces());
        m.addProperty("inspectedSpans", Long.toString(r.inspectedSpans()));
        m.addProperty("totalJobs", 1);
        m.addProperty("completedJobs", 1);
        return m;
    }

    /** OTLP-style key/value labels; a nil label (compare()'s totals) has an empty value. */
    private static JsonArray labels(List<Attr> labels) {
        JsonArray a = new JsonArray();
        for (Attr l : labels) {
            JsonObject kv = new JsonObject();
            kv.addProperty("key", l.key());
            kv.add("value", l.value().type() == AttrValue.Type.EMPTY ? new JsonObject() : AttrJson.value(l.value()));
            a.add(kv);
        }
        return a;
    }

    /** protobuf-JSON doubles: infinities as the strings "Infinity"/"-Infinity" (a bare literal is not JSON). */
    private static void number(JsonObject o, String key, double v) {
        if (Double.isInfinite(v)) {
            o.addProperty(key, v > 0 ? "Infinity" : "-Infinity");
        } else {
            o.addProperty(key, v);
        }
    }

    /** [start, end) in nanoseconds; defaults to the hour before now. */
    private long[] range(String start, String end) {
        long e = end == null || end.isBlank() ? clock.millis() * 1_000_000L : time("end", end);
        long s = start == null || start.isBlank() ? e - 3600 * SECOND : time("start", start);
        if (e <= s) {
            throw TempoErrors.badParam("end", end, "end must be after start");
        }
        return new long[] {s, e};
    }

    /** Unix seconds (possibly fractional), Unix nanoseconds (above 10^14) or RFC 3339. */
    static long time(String name, String v) {
        String t = v.strip();
        try {
            if (t.matches("\\d+")) {
                long n = Long.parseLong(t);
                return n > 100_000_000_000_000L ? n : Math.multiplyExact(n, SECOND);
            }
            if (t.matches("\\d+\\.\\d+")) {
                return Math.round(Double.parseDouble(t) * SECOND);
            }
            Instant i = Instant.parse(t);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), SECOND), i.getNano());
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw TempoErrors.badParam(name, v, "not Unix seconds, Unix nanoseconds or RFC 3339");
        }
    }

    private static long step(String v) {
        String t = v.strip();
        long n;
        if (t.matches("\\d+(\\.\\d+)?")) {
            n = Math.round(Double.parseDouble(t) * SECOND);
        } else {
            n = GoDurations.parseNanos("step", t);
        }
        if (n <= 0) {
            throw TempoErrors.badParam("step", v, "step must be positive");
        }
        return n;
    }

    private static int nonNegative(String name, String v) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0) {
                throw TempoErrors.badParam(name, v, "must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw TempoErrors.badParam(name, v, "not an integer");
        }
    }

    private static ResponseEntity<String> json(JsonObject body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }
}
