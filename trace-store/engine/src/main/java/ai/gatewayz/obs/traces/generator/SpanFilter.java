package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.generator.GeneratorOptions.FilterPolicy;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tempo's span-metrics {@code filter_policies}: a span is counted when it matches every include
 * policy and no exclude policy; a policy matches when all its attributes do. Keys are
 * {@code span.<attr>}, {@code resource.<attr>} or the intrinsics {@code name}, {@code kind}
 * ({@code SPAN_KIND_SERVER}...) and {@code status} ({@code STATUS_CODE_ERROR}...); {@code regex}
 * policies match the whole value. Immutable and thread-safe.
 */
final class SpanFilter {
    private final boolean[] include;
    private final String[][] keys;
    private final String[][] values;
    private final Pattern[][] patterns;

    SpanFilter(List<FilterPolicy> policies) {
        int n = policies.size();
        include = new boolean[n];
        keys = new String[n][];
        values = new String[n][];
        patterns = new Pattern[n][];
        for (int i = 0; i < n; i++) {
            FilterPolicy p = policies.get(i);
            include[i] = p.include();
            int m = p.attributes().size();
            keys[i] = new String[m];
            values[i] = new String[m];
            patterns[i] = new Pattern[m];
            for (int j = 0; j < m; j++) {
                Map.Entry<String, String> a = p.attributes().get(j);
                keys[i][j] = a.getKey();
                values[i][j] = a.getValue();
                patterns[i][j] = p.regex() ? Pattern.compile(a.getValue()) : null;
            }
        }
    }

    boolean isEmpty() {
        return include.length == 0;
    }

    boolean accepts(Span s) {
        for (int i = 0; i < include.length; i++) {
            if (matches(i, s) != include[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(int policy, Span s) {
        for (int j = 0; j < keys[policy].length; j++) {
            String v = value(s, keys[policy][j]);
            if (v == null) {
                return false;
            }
            Pattern p = patterns[policy][j];
            if (p != null ? !p.matcher(v).matches() : !v.equals(values[policy][j])) {
                return false;
            }
        }
        return true;
    }

    private static String value(Span s, String key) {
        AttrValue v;
        if (key.startsWith("span.")) {
            v = Attr.find(s.attributes(), key.substring(5));
        } else if (key.startsWith("resource.")) {
            v = Attr.find(s.resource().attributes(), key.substring(9));
        } else {
            return switch (key) {
                case "name" -> s.name();
                case "kind" -> SpanValues.kind(s);
                case "status" -> SpanValues.status(s);
                default -> null;
            };
        }
        return v == null ? null : v.asText();
    }
}
