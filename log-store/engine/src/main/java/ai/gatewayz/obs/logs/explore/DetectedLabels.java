package ai.gatewayz.obs.logs.explore;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stream labels {@code /detected_labels} reports, with their cardinality, filtered by relevance as
 * Loki's querier filters them (Loki 3.2 and later):
 * <ul>
 * <li>{@code cluster}, {@code namespace}, {@code instance} and {@code pod} are always kept;</li>
 * <li>any other label is dropped when every one of its values is an id: a number in Go's
 *     {@code ParseFloat} syntax or a UUID in one of the forms Go's {@code uuid.Parse} accepts; except
 *     that a label whose one or two values are all {@code 0} or {@code 1} is a flag, and kept.</li>
 * </ul>
 * Loki 3.1 also dropped labels by cardinality (first keeping only 3-49 values, then 2-49); Loki 3.2
 * removed that filter (grafana/loki#13652) because it hid useful labels, so a label of cardinality 1
 * (such as {@code service_name} of a one-service selection) is reported, as current Loki does.
 * Internal names ({@code __name__}) are never reported. Stateless.
 */
public final class DetectedLabels {
    private static final Set<String> STATIC = Set.of("cluster", "namespace", "instance", "pod");

    private DetectedLabels() {
    }

    /** Label name to number of distinct values over {@code series}, relevant labels only, sorted by name. */
    public static Map<String, Integer> of(Collection<Labels> series) {
        Map<String, Set<String>> values = new HashMap<>();
        for (Labels s : series) {
            s.forEach((n, v) -> {
                if (!n.startsWith("__")) {
                    values.computeIfAbsent(n, k -> new HashSet<>()).add(v);
                }
            });
        }
        Map<String, Integer> out = new TreeMap<>();
        values.forEach((name, vs) -> {
            if (STATIC.contains(name) && !vs.isEmpty() || !rejected(vs)) {
                out.put(name, vs.size());
            }
        });
        return out;
    }

    /** Loki's rejection rule for a non-static label's values. */
    static boolean rejected(Set<String> values) {
        if (values.isEmpty()) {
            return true;
        }
        if (values.size() <= 2 && values.stream().allMatch(v -> v.equals("0") || v.equals("1"))) {
            return false;
        }
        return values.stream().allMatch(DetectedLabels::isId);
    }

    static boolean isId(String v) {
        return GoFloat.parse(v) != null || isUuid(v);
    }

    /** Go's uuid.Parse forms: 36 characters with hyphens, 32 hex digits, {@code urn:uuid:} + 36, or 36 in braces. */
    static boolean isUuid(String v) {
        return switch (v.length()) {
            case 36 -> hyphenated(v);
            case 45 -> v.regionMatches(true, 0, "urn:uuid:", 0, 9) && hyphenated(v.substring(9));
            case 38 -> v.charAt(0) == '{' && v.charAt(37) == '}' && hyphenated(v.substring(1, 37));
            case 32 -> v.chars().allMatch(DetectedLabels::hex);
            default -> false;
        };
    }

    private static boolean hyphenated(String v) {
        for (int i = 0; i < 36; i++) {
            char c = v.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23 ? c != '-' : !hex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
