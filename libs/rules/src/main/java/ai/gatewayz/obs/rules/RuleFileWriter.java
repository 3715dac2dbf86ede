package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Durations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes rule groups back as rule-file YAML, the inverse of {@link RuleFileParser}: the fields in
 * Prometheus's {@code rulefmt} order ({@code name, interval, query_offset, limit, labels, rules};
 * {@code record|alert, expr, for, keep_firing_for, labels, annotations}), durations in Prometheus's
 * notation, zero values left out. {@code interval} is written only when it differs from the default
 * the group was parsed with, so a group that relied on the global interval keeps relying on it.
 * Used by rulers that store groups posted through an API and serve them back (Loki's and Mimir's
 * ruler API). Stateless and thread-safe.
 */
public final class RuleFileWriter {
    private RuleFileWriter() {
    }

    /** A whole file: {@code groups:} with every group. */
    public static String file(List<RuleGroupSpec> groups, long defaultIntervalMs) {
        List<Object> gs = new ArrayList<>();
        for (RuleGroupSpec g : groups) {
            gs.add(group(g, defaultIntervalMs));
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("groups", gs);
        return yaml().dump(top);
    }

    /** One group as a YAML document (the body of Loki's {@code POST /rules/{namespace}}). */
    public static String groupYaml(RuleGroupSpec g, long defaultIntervalMs) {
        return yaml().dump(group(g, defaultIntervalMs));
    }

    /** Namespaces (or files) mapped to their groups, as Loki's and Cortex's {@code GET /rules} answer. */
    public static String namespaces(Map<String, List<RuleGroupSpec>> byNamespace, long defaultIntervalMs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RuleGroupSpec>> e : byNamespace.entrySet()) {
            List<Object> gs = new ArrayList<>();
            for (RuleGroupSpec g : e.getValue()) {
                gs.add(group(g, defaultIntervalMs));
            }
            out.put(e.getKey(), gs);
        }
        return yaml().dump(out);
    }

    /** The group as the ordered maps and lists that are dumped. */
    public static Map<String, Object> group(RuleGroupSpec g, long defaultIntervalMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        if (g.intervalMs() != defaultIntervalMs) {
            m.put("interval", Durations.format(g.intervalMs()));
        }
        if (g.queryOffsetMs() != 0) {
            m.put("query_offset", Durations.format(g.queryOffsetMs()));
        }
        if (g.limit() != 0) {
            m.put("limit", g.limit());
        }
        if (!g.labels().isEmpty()) {
            m.put("labels", new TreeMap<>(g.labels()));
        }
        List<Object> rules = new ArrayList<>();
        for (RuleSpec r : g.rules()) {
            rules.add(rule(r));
        }
        m.put("rules", rules);
        return m;
    }

    private static Map<String, Object> rule(RuleSpec r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.isAlerting()) {
            m.put("alert", r.alert());
        } else {
            m.put("record", r.record());
        }
        m.put("expr", r.expr());
        if (r.forMs() != 0) {
            m.put("for", Durations.format(r.forMs()));
        }
        if (r.keepFiringForMs() != 0) {
            m.put("keep_firing_for", Durations.format(r.keepFiringForMs()));
        }
        if (!r.labels().isEmpty()) {
            m.put("labels", new TreeMap<>(r.labels()));
        }
        if (!r.annotations().isEmpty()) {
            m.put("annotations", new TreeMap<>(r.annotations()));
        }
        return m;
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setSplitLines(false);
        o.setWidth(Integer.MAX_VALUE);
        return new Yaml(o);
    }
}
