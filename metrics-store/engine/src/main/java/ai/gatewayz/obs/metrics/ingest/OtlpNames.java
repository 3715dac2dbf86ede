package ai.gatewayz.obs.metrics.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP metric and attribute names as Prometheus 3 stores them by default (the
 * "UnderscoreEscapingWithSuffixes" translation of the OpenTelemetry Prometheus compatibility
 * spec): characters outside {@code [a-zA-Z0-9:]} split the name into words joined by one
 * underscore, the unit becomes a suffix ({@code s} → {@code seconds}, {@code By/s} →
 * {@code bytes_per_second}, annotations in braces dropped), monotonic counters end in
 * {@code _total} and gauges of unit {@code 1} in {@code _ratio}. Stateless.
 */
public final class OtlpNames {
    /** How the suffix rules see a metric. */
    public enum Kind { GAUGE, COUNTER, NON_MONOTONIC_SUM, HISTOGRAM, SUMMARY }

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
            Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
            Map.entry("1", ""), Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS = Map.of(
            "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

    private OtlpNames() {
    }

    /** The Prometheus metric name of an OTLP metric; empty when nothing valid is left of it. */
    public static String metric(String name, String unit, Kind kind) {
        List<String> words = words(name, true);
        String[] suffixes = unitSuffixes(unit == null ? "" : unit);
        String main = suffixes[0];
        String per = suffixes[1];
        if (words.contains(main)) {
            main = "";
        }
        if (words.contains(per)) {
            per = "";
        }
        if (!main.isEmpty()) {
            words.add(main);
        }
        if (!per.isEmpty()) {
            words.add(per);
        }
        if (kind == Kind.COUNTER) {
            words.remove("total");
            words.add("total");
        }
        if ("1".equals(unit) && kind == Kind.GAUGE) {
            words.remove("ratio");
            words.add("ratio");
        }
        String out = String.join("_", words);
        if (!out.isEmpty() && Character.isDigit(out.charAt(0))) {
            out = "_" + out;
        }
        return out;
    }

    /** The unit as Prometheus metadata carries it ({@code s} → {@code seconds}). */
    public static String unit(String unit) {
        String[] s = unitSuffixes(unit == null ? "" : unit);
        if (s[0].isEmpty()) {
            return s[1];
        }
        return s[1].isEmpty() ? s[0] : s[0] + "_" + s[1];
    }

    /**
     * The label name of an attribute key: invalid characters become one underscore per run, a
     * leading digit gets {@code key_}, {@code __x__} keeps its double underscores; empty when
     * only underscores are left.
     */
    public static String label(String key) {
        if (key.isEmpty()) {
            return "";
        }
        boolean reserved = key.length() >= 4 && key.startsWith("__") && key.endsWith("__");
        String inner = reserved ? key.substring(2, key.length() - 2) : key;
        StringBuilder b = new StringBuilder(inner.length() + 4);
        boolean lastUnderscore = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (isAlnum(c)) {
                b.append(c);
                lastUnderscore = false;
            } else if (!lastUnderscore) {
                b.append('_');
                lastUnderscore = true;
            }
        }
        String out = reserved ? "__" + b + "__" : b.toString();
        if (Character.isDigit(out.charAt(0))) {
            out = "key_" + out;
        }
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) != '_') {
                return out;
            }
        }
        return "";
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Splits on every character outside {@code [a-zA-Z0-9:]} (or {@code [a-zA-Z0-9]} for units), dropping empty words. */
    private static List<String> words(String s, boolean colons) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean keep = i < s.length() && (isAlnum(s.charAt(i)) || (colons && s.charAt(i) == ':'));
            if (keep && start < 0) {
                start = i;
            } else if (!keep && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    /** {main, per} suffixes of a UCUM unit, each already cleaned to word characters. */
    private static String[] unitSuffixes(String unit) {
        int slash = unit.indexOf('/');
        String mainPart = (slash < 0 ? unit : unit.substring(0, slash)).strip();
        String perPart = slash < 0 ? "" : unit.substring(slash + 1).strip();
        String main = "";
        if (!mainPart.isEmpty() && mainPart.indexOf('{') < 0 && mainPart.indexOf('}') < 0) {
            main = clean(UNITS.getOrDefault(mainPart, mainPart));
        }
        String per = "";
        if (!perPart.isEmpty() && perPart.indexOf('{') < 0 && perPart.indexOf('}') < 0) {
            String p = clean(PER_UNITS.getOrDefault(perPart, perPart));
            per = p.isEmpty() ? "" : "per_" + p;
        }
        return new String[] {main, per};
    }

    private static String clean(String unit) {
        return String.join("_", words(unit, true));
    }
}
