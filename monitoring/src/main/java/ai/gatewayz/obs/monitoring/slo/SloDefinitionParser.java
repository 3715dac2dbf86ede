package ai.gatewayz.obs.monitoring.slo;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.SuiteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads deploy/slo/slos.yml strictly: unknown fields and out-of-range values are errors naming them. */
public final class SloDefinitionParser {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private SloDefinitionParser() {
    }

    /** Parses the file's text; throws {@link SuiteException} (bad_data) on the first problem. */
    public static SloDefinition parse(String yaml) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Object> root = mapping(doc, "file");
        allowed(root, "file", Set.of("period", "burn_rate_alerts", "slos"));
        long period = duration(root, "file", "period");
        List<SloDefinition.BurnRateTier> tiers = new ArrayList<>();
        List<Object> tierList = list(root, "file", "burn_rate_alerts");
        for (int i = 0; i < tierList.size(); i++) {
            String where = "burn_rate_alerts[" + i + "]";
            Map<String, Object> t = mapping(tierList.get(i), where);
            allowed(t, where, Set.of("severity", "long", "short", "burn_rate", "for"));
            long lw = duration(t, where, "long");
            long sw = duration(t, where, "short");
            if (sw >= lw) {
                throw SloErrors.badValue(where, "short", Durations.format(sw));
            }
            double burn = number(t, where, "burn_rate");
            if (!(burn > 0)) {
                throw SloErrors.badValue(where, "burn_rate", burn);
            }
            tiers.add(new SloDefinition.BurnRateTier(string(t, where, "severity"), lw, sw, burn, duration(t, where, "for")));
        }
        List<SloDefinition.Objective> objectives = new ArrayList<>();
        List<Object> sloList = list(root, "file", "slos");
        for (int i = 0; i < sloList.size(); i++) {
            String where = "slos[" + i + "]";
            Map<String, Object> s = mapping(sloList.get(i), where);
            allowed(s, where, Set.of("name", "description", "objective", "bad", "good", "total", "levels"));
            String name = string(s, where, "name");
            if (!NAME.matcher(name).matches()) {
                throw SloErrors.badValue(where, "name", name);
            }
            double objective = number(s, where, "objective");
            if (!(objective > 0 && objective < 1)) {
                throw SloErrors.badValue(where, "objective", objective);
            }
            String bad = s.get("bad") == null ? null : string(s, where, "bad");
            String good = s.get("good") == null ? null : string(s, where, "good");
            if ((bad == null) == (good == null)) {
                throw SloErrors.goodXorBad(name);
            }
            List<SloDefinition.Level> levels = new ArrayList<>();
            List<Object> levelList = list(s, where, "levels");
            for (int j = 0; j < levelList.size(); j++) {
                String lwhere = where + ".levels[" + j + "]";
                Map<String, Object> l = mapping(levelList.get(j), lwhere);
                allowed(l, lwhere, Set.of("by", "min_rate", "dashboard"));
                List<String> by = new ArrayList<>();
                for (Object o : list(l, lwhere, "by")) {
                    if (!(o instanceof String label) || !LABEL.matcher(label).matches()) {
                        throw SloErrors.badValue(lwhere, "by", o);
                    }
                    by.add(label);
                }
                if (by.isEmpty()) {
                    throw SloErrors.badValue(lwhere, "by", by);
                }
                levels.add(new SloDefinition.Level(by, number(l, lwhere, "min_rate"), string(l, lwhere, "dashboard")));
            }
            objectives.add(new SloDefinition.Objective(name, string(s, where, "description"), objective, bad, good,
                    string(s, where, "total"), levels));
        }
        return new SloDefinition(period, tiers, objectives);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw SloErrors.notAMapping(where);
        }
        return (Map<String, Object>) m;
    }

    private static void allowed(Map<String, Object> m, String where, Set<String> fields) {
        for (String k : m.keySet()) {
            if (!fields.contains(k)) {
                throw SloErrors.unknownField(where, k);
            }
        }
    }

    private static Object required(Map<String, Object> m, String where, String field) {
        Object v = m.get(field);
        if (v == null) {
            throw SloErrors.missingField(where, field);
        }
        return v;
    }

    private static String string(Map<String, Object> m, String where, String field) {
        Object v = required(m, where, field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw SloErrors.badValue(where, field, v);
        }
        return s;
    }

    private static double number(Map<String, Object> m, String where, String field) {
        Object v = required(m, where, field);
        if (!(v instanceof Number n)) {
            throw SloErrors.badValue(where, field, v);
        }
        return n.doubleValue();
    }

    private static long duration(Map<String, Object> m, String where, String field) {
        Object v = required(m, where, field);
        try {
            return Durations.parse(String.valueOf(v));
        } catch (SuiteException e) {
            throw SloErrors.badValue(where, field, v);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String where, String field) {
        Object v = required(m, where, field);
        if (!(v instanceof List<?> l)) {
            throw SloErrors.badValue(where, field, v);
        }
        return (List<Object>) l;
    }
}
