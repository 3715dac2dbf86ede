package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.gotemplate.GoFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders rule groups and alerts in the exact shapes of Prometheus's {@code /api/v1/rules} and
 * {@code /api/v1/alerts} (field names, order and JSON types Grafana decodes: numbers for
 * {@code interval}/{@code duration}/{@code evaluationTime}, RFC 3339 strings for times with
 * {@code 0001-01-01T00:00:00Z} for never, the alert value as a Go {@code 'e'} string). Maps and lists
 * for the caller's JSON writer, in insertion order. Shared by metrics-store's rule API and log-store's
 * ruler ({@code /prometheus/api/v1/rules}). Stateless.
 */
public final class PrometheusRulesJson {
    public static final String NEVER = "0001-01-01T00:00:00Z";

    private PrometheusRulesJson() {
    }

    /** Filters of /api/v1/rules; empty sets mean "all". */
    public record Filter(String type, Set<String> ruleNames, Set<String> groupNames, Set<String> files, boolean excludeAlerts) {

        /**
         * The filter of a {@code /api/v1/rules} request's query parameters ({@code type},
         * {@code exclude_alerts}, {@code rule_name[]}, {@code rule_group[]}, {@code file[]}, with or
         * without the brackets); a bad {@code type} or {@code exclude_alerts} is a 400 naming it.
         */
        public static Filter of(Map<String, List<String>> params) {
            String type = first(params, "type");
            if (type != null && !type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
                throw invalidParameter("type", type, "must be 'alert' or 'record'");
            }
            String exclude = first(params, "exclude_alerts");
            if (exclude != null && !exclude.isEmpty() && !exclude.equals("true") && !exclude.equals("false")) {
                throw invalidParameter("exclude_alerts", exclude, "must be true or false");
            }
            return new Filter(type == null || type.isEmpty() ? null : type, values(params, "rule_name"),
                    values(params, "rule_group"), values(params, "file"), "true".equals(exclude));
        }

        private static String first(Map<String, List<String>> params, String name) {
            List<String> v = params.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        private static Set<String> values(Map<String, List<String>> params, String name) {
            Set<String> s = new LinkedHashSet<>();
            for (String k : List.of(name, name + "[]")) {
                List<String> v = params.get(k);
                if (v != null) {
                    v.stream().filter(x -> !x.isEmpty()).forEach(s::add);
                }
            }
            return s;
        }
    }

    static SuiteException invalidParameter(String name, String value, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid query parameter [name=" + name + ", value=" + value
                + ", reason=" + reason + "]");
    }

    /** The Prometheus API envelope {@code {"status":"success","data":...}} around {@code data}. */
    public static Map<String, Object> success(Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "success");
        m.put("data", data);
        return m;
    }

    public static Map<String, Object> rules(List<RuleGroup> groups, Filter f) {
        List<Object> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            if (!f.groupNames().isEmpty() && !f.groupNames().contains(g.name())) {
                continue;
            }
            if (!f.files().isEmpty() && !f.files().contains(g.file())) {
                continue;
            }
            List<Object> rules = new ArrayList<>();
            for (Rule r : g.rules()) {
                if (!f.ruleNames().isEmpty() && !f.ruleNames().contains(r.name())) {
                    continue;
                }
                if (r instanceof AlertingRule a && !"record".equals(f.type())) {
                    rules.add(alerting(a, f.excludeAlerts()));
                } else if (r instanceof RecordingRule rr && !"alert".equals(f.type())) {
                    rules.add(recording(rr));
                }
            }
            if (rules.isEmpty() && (!f.ruleNames().isEmpty() || f.type() != null)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("file", g.file());
            m.put("rules", rules);
            m.put("interval", num(g.intervalMs() / 1000.0));
            m.put("limit", g.spec().limit());
            m.put("evaluationTime", num(g.evaluationSeconds()));
            m.put("lastEvaluation", time(g.lastEvaluationMs()));
            out.add(m);
        }
        return Map.of("groups", out);
    }

    private static Map<String, Object> alerting(AlertingRule a, boolean excludeAlerts) {
        Rule.RuleStatus s = a.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", a.state().wireName());
        m.put("name", a.name());
        m.put("query", a.spec().expr());
        m.put("duration", num(a.spec().forMs() / 1000.0));
        m.put("keepFiringFor", num(a.spec().keepFiringForMs() / 1000.0));
        m.put("labels", labels(a.labels()));
        m.put("annotations", new java.util.TreeMap<>(a.spec().annotations()));
        if (!excludeAlerts) {
            m.put("alerts", activeAlerts(a));
        }
        m.put("health", s.health().wireName());
        if (!s.lastError().isEmpty()) {
            m.put("lastError", s.lastError());
        }
        m.put("evaluationTime", num(s.evaluationSeconds()));
        m.put("lastEvaluation", time(s.lastEvaluationMs()));
        m.put("type", "alerting");
        return m;
    }

    private static Map<String, Object> recording(RecordingRule r) {
        Rule.RuleStatus s = r.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("query", r.spec().expr());
        if (!r.labels().isEmpty()) {
            m.put("labels", labels(r.labels()));
        }
        m.put("health", s.health().wireName());
        if (!s.lastError().isEmpty()) {
            m.put("lastError", s.lastError());
        }
        m.put("evaluationTime", num(s.evaluationSeconds()));
        m.put("lastEvaluation", time(s.lastEvaluationMs()));
        m.put("type", "recording");
        return m;
    }

    /** Pending and firing alerts of a rule (resolved ones are not listed, as in Prometheus). */
    public static List<Object> activeAlerts(AlertingRule a) {
        List<Object> out = new ArrayList<>();
        for (AlertSnapshot x : a.alerts()) {
            if (x.state() == AlertState.INACTIVE) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labels", labels(x.labels()));
            m.put("annotations", new java.util.TreeMap<>(x.annotations()));
            m.put("state", x.state().wireName());
            m.put("activeAt", time(x.activeAt()));
            if (x.keepFiringSince() != 0) {
                m.put("keepFiringSince", time(x.keepFiringSince()));
            }
            m.put("value", GoFormat.formatEShortest(x.value()));
            out.add(m);
        }
        return out;
    }

    public static Map<String, Object> alerts(List<RuleGroup> groups) {
        List<Object> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule a) {
                    out.addAll(activeAlerts(a));
                }
            }
        }
        return Map.of("alerts", out);
    }

    private static Map<String, String> labels(Labels l) {
        return l.toMap();
    }

    /** Integral values as integers so that 60 renders as {@code 60}, like Go's encoder. */
    private static Object num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (long) v;
        }
        return v;
    }

    /** Go's time.Time JSON (RFC 3339 with trimmed fraction); {@code 0} renders as Go's zero time. */
    public static String time(long ms) {
        if (ms == 0) {
            return NEVER;
        }
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(ms));
    }
}
