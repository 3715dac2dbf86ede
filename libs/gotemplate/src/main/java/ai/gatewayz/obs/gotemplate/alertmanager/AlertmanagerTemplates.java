package ai.gatewayz.obs.gotemplate.alertmanager;

import ai.gatewayz.obs.gotemplate.GoFormat;
import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.StringFunctions;
import ai.gatewayz.obs.gotemplate.TemplateException;
import ai.gatewayz.obs.gotemplate.TemplateFunction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alertmanager's template functions on top of Go's builtins: the string functions it shares with
 * Prometheus plus {@code join}, {@code stringSlice} and {@code trimSpace}. The data types
 * ({@link KV}, {@link Pairs}, {@link Alerts}, {@link GoTime}) come with their methods. Thread-safe.
 */
public final class AlertmanagerTemplates {
    /** Functions available besides Go's builtins. */
    public static final Set<String> FUNCTIONS;
    private static final Map<String, TemplateFunction> FUNCS = new LinkedHashMap<>();

    static {
        FUNCS.putAll(StringFunctions.functions());
        FUNCS.put("trimSpace", a -> StringFunctions.str(a, 0).strip());
        FUNCS.put("join", a -> {
            if (a.size() != 2 || !(a.get(1) instanceof List<?> l)) {
                throw new TemplateException("wrong arguments for join: want (string, []string)");
            }
            List<String> s = new ArrayList<>();
            l.forEach(x -> s.add(GoFormat.sprint(x)));
            return String.join(StringFunctions.str(a, 0), s);
        });
        FUNCS.put("stringSlice", a -> {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                l.add(StringFunctions.str(a, i));
            }
            return l;
        });
        FUNCTIONS = Set.copyOf(new HashSet<>(FUNCS.keySet()));
    }

    private AlertmanagerTemplates() {
    }

    /** Parses notification template text; Go's parse-time checks apply (unknown functions, variables). */
    public static GoTemplate parse(String name, String text) {
        return GoTemplate.parse(name, text, FUNCTIONS, Set.of());
    }

    public static Map<String, TemplateFunction> functions() {
        return FUNCS;
    }
}
