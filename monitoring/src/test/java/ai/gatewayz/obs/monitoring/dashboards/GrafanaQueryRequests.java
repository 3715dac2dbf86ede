package ai.gatewayz.obs.monitoring.dashboards;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Dashboard;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaDatasources.Datasource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP requests a Grafana frontend makes for a provisioned suite, built here so a test can
 * send them to a real Grafana: each datasource's health check
 * ({@code GET /api/datasources/uid/<uid>/health}) and, per dashboard panel, one
 * {@code POST /api/ds/query} with all its visible targets. A query is the panel's target as stored
 * in the dashboard JSON, with the datasource as {@code {type, uid}}, its refId, the interval and
 * data-point budget of the panel, and the text fields Grafana interpolates before sending
 * ({@code expr}, {@code query}, {@code url}, {@code labelSelector}) after variable and macro
 * substitution ({@link GrafanaMacros}, variables on their defaults). Prometheus targets that
 * name neither {@code range} nor {@code instant} ask for a range. Stateless.
 */
public final class GrafanaQueryRequests {
    /** Target fields Grafana interpolates before it sends a query. */
    static final List<String> INTERPOLATED = List.of("expr", "query", "url", "labelSelector");
    /** The data-point budget of a panel that sets none (Grafana uses the panel's width in pixels). */
    public static final int DEFAULT_MAX_DATA_POINTS = 1000;
    /** Steps an interval is rounded up to, as Grafana rounds it to a readable one. */
    static final List<Duration> STEPS = List.of(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(20),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GrafanaQueryRequests() {
    }

    /** One {@code /api/ds/query} request: which panel it is for, and its JSON body. */
    public record Request(String dashboard, String panel, ObjectNode body) {
        public String where() {
            return dashboard + " / " + panel;
        }
    }

    public static String healthPath(String uid) {
        return "/api/datasources/uid/" + uid + "/health";
    }

    /**
     * The interval Grafana gives a panel: the time range over the data-point budget, rounded up to a
     * readable step, and never below the low limit (the panel's own minimum interval, else the
     * datasource's).
     */
    public static Duration interval(Duration range, int maxDataPoints, Duration lowLimit) {
        Duration raw = range.dividedBy(Math.max(1, maxDataPoints));
        Duration rounded = STEPS.stream().filter(s -> s.compareTo(raw) >= 0).findFirst().orElse(raw);
        return rounded.compareTo(lowLimit) < 0 ? lowLimit : rounded;
    }

    /** Every panel with a visible target, one request each, in dashboard and panel order. */
    public static List<Request> all(List<Dashboard> dashboards, long fromMs, long toMs) {
        Map<String, Datasource> byUid = new java.util.HashMap<>();
        GrafanaDatasources.provisioned().forEach(d -> byUid.put(d.uid(), d));
        List<Request> out = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (JsonNode panel : d.panels()) {
                Request r = forPanel(d, panel, byUid::get, fromMs, toMs);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The request of one panel, or {@code null} when it has no visible target. */
    public static Request forPanel(Dashboard d, JsonNode panel, Function<String, Datasource> datasources, long fromMs, long toMs) {
        Duration range = Duration.ofMillis(toMs - fromMs);
        int maxDataPoints = panel.path("maxDataPoints").asInt(DEFAULT_MAX_DATA_POINTS);
        Map<String, String> values = Dashboards.defaultValues(d);
        ObjectNode body = JSON.createObjectNode();
        var queries = body.putArray("queries");
        for (JsonNode t : panel.path("targets")) {
            if (t.path("hide").asBoolean(false)) {
                continue;
            }
            JsonNode dsRef = t.has("datasource") ? t.path("datasource") : panel.path("datasource");
            String uid = dsRef.path("uid").asString("");
            Datasource ds = datasources.apply(uid);
            if (ds == null) {
                throw new IllegalArgumentException("datasource not provisioned [uid=" + uid + ", panel=" + panel.path("title").asString() + "]");
            }
            Duration low = panel.hasNonNull("interval") && !panel.path("interval").asString("").isEmpty()
                    ? Duration.ofMillis(Durations.parse(panel.path("interval").asString())) : ds.minInterval();
            Duration interval = interval(range, maxDataPoints, low);
            GrafanaMacros macros = new GrafanaMacros(ds.minInterval().isZero() ? interval : ds.minInterval(), interval, range, values);
            ObjectNode q = ((ObjectNode) t).deepCopy();
            q.remove("datasource");
            q.put("refId", t.path("refId").asString("A"));
            ObjectNode dsNode = q.putObject("datasource");
            dsNode.put("type", ds.type());
            dsNode.put("uid", ds.uid());
            for (String f : INTERPOLATED) {
                if (q.path(f).isString()) {
                    q.put(f, macros.apply(q.path(f).asString()));
                }
            }
            if (ds.type().equals("prometheus") && !q.has("range") && !q.has("instant")) {
                q.put("range", true);
            }
            q.put("intervalMs", interval.toMillis());
            q.put("maxDataPoints", maxDataPoints);
            queries.add(q);
        }
        if (queries.isEmpty()) {
            return null;
        }
        body.put("from", Long.toString(fromMs));
        body.put("to", Long.toString(toMs));
        return new Request(d.file().getFileName().toString(), panel.path("title").asString(""), body);
    }

    public static String pretty(JsonNode n) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }
}
