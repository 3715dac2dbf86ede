package ai.gatewayz.obs.traces.generator;

import java.util.Set;

/**
 * Attribute names to Prometheus label names as Tempo makes them: every character outside
 * {@code [a-zA-Z0-9_]} becomes {@code _}, a leading digit gets a {@code _} prefix, and a name that
 * would collide with an intrinsic label ({@code service}, {@code span_name}, ...) gets {@code __}
 * in front so a dimension never overwrites one. Stateless.
 */
final class LabelNames {
    static final Set<String> INTRINSIC = Set.of("service", "span_name", "span_kind", "status_code", "status_message", "job",
            "instance", "client", "server", "connection_type");

    private LabelNames() {
    }

    static String sanitize(String attribute, int maxLength) {
        StringBuilder b = new StringBuilder(attribute.length() + 2);
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            b.append(ok ? c : '_');
        }
        if (b.isEmpty() || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        String s = b.toString();
        if (INTRINSIC.contains(s)) {
            s = "__" + s;
        }
        return s.length() > maxLength ? s.substring(0, maxLength) : s;
    }
}
