package ai.gatewayz.obs.logs.ingest;

import ai.gatewayz.obs.common.Labels;
import java.util.List;
import java.util.Locale;

/**
 * Loki 3's ingest-side discovery (drilldown-apps.md §1): {@code service_name} from the first
 * present of its source labels, else {@code unknown_service}; and a {@code detected_level} per line
 * from a level label or metadata field, a JSON or logfmt level key in the line, a klog header, or
 * a level word in the line. Stateless and thread-safe.
 */
public final class Discovery {
    public static final String SERVICE_NAME = "service_name";
    public static final String UNKNOWN_SERVICE = "unknown_service";
    public static final String DETECTED_LEVEL = "detected_level";
    static final List<String> SERVICE_SOURCES = List.of("service", "app", "application", "name",
            "app_kubernetes_io_name", "container", "container_name", "component", "workload", "job");
    static final List<String> LEVEL_FIELDS = List.of("level", "LEVEL", "Level", "severity", "SEVERITY", "Severity",
            "lvl", "LVL", "Lvl", "severity_text");

    private Discovery() {
    }

    /** The labels with {@code service_name} added when absent. */
    public static Labels withServiceName(Labels labels) {
        if (labels.has(SERVICE_NAME)) {
            return labels;
        }
        for (String src : SERVICE_SOURCES) {
            String v = labels.get(src);
            if (!v.isEmpty()) {
                return labels.toBuilder().set(SERVICE_NAME, v).build();
            }
        }
        return labels.toBuilder().set(SERVICE_NAME, UNKNOWN_SERVICE).build();
    }

    /** The level of one entry: critical, error, warn, info, debug, trace or unknown. */
    public static String detectLevel(Labels stream, Labels metadata, String line) {
        for (String f : LEVEL_FIELDS) {
            String v = metadata.get(f);
            if (v.isEmpty()) {
                v = stream.get(f);
            }
            if (!v.isEmpty()) {
                return normalise(v);
            }
        }
        String fromLine = levelKeyInLine(line);
        if (fromLine != null) {
            return normalise(fromLine);
        }
        String klog = klogLevel(line);
        return klog != null ? klog : levelWord(line);
    }

    static String normalise(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "trace", "trc" -> "trace";
            case "debug", "dbg", "deb" -> "debug";
            case "info", "inf", "information", "informational", "notice" -> "info";
            case "warn", "warning", "wrn" -> "warn";
            case "error", "err", "eror", "fail", "failed" -> "error";
            case "critical", "crit", "fatal", "panic", "emerg", "emergency", "alert" -> "critical";
            default -> {
                if (s.startsWith("err")) {
                    yield "error";
                }
                if (s.startsWith("warn")) {
                    yield "warn";
                }
                if (s.startsWith("info")) {
                    yield "info";
                }
                yield "unknown";
            }
        };
    }

    /** The value of a {@code "level":"x"} JSON key or a {@code level=x} logfmt pair (also severity, lvl). */
    static String levelKeyInLine(String line) {
        for (String key : new String[] {"level", "severity", "lvl", "LEVEL", "Level"}) {
            int i = line.indexOf(key);
            while (i >= 0) {
                int after = i + key.length();
                boolean startOk = i == 0 || !Character.isLetterOrDigit(line.charAt(i - 1)) && line.charAt(i - 1) != '_';
                if (startOk) {
                    String v = valueAfter(line, i, after);
                    if (v != null && !v.isEmpty()) {
                        return v;
                    }
                }
                i = line.indexOf(key, after);
            }
        }
        return null;
    }

    private static String valueAfter(String line, int keyStart, int p) {
        boolean json = keyStart > 0 && line.charAt(keyStart - 1) == '"';
        if (json) {
            if (p >= line.length() || line.charAt(p) != '"') {
                return null;
            }
            p++;
            while (p < line.length() && line.charAt(p) == ' ') {
                p++;
            }
            if (p >= line.length() || line.charAt(p) != ':') {
                return null;
            }
            p++;
            while (p < line.length() && line.charAt(p) == ' ') {
                p++;
            }
            if (p >= line.length() || line.charAt(p) != '"') {
                return null;
            }
            int end = line.indexOf('"', p + 1);
            return end < 0 ? null : line.substring(p + 1, end);
        }
        if (p >= line.length() || line.charAt(p) != '=') {
            return null;
        }
        p++;
        if (p < line.length() && line.charAt(p) == '"') {
            int end = line.indexOf('"', p + 1);
            return end < 0 ? null : line.substring(p + 1, end);
        }
        int end = p;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
            end++;
        }
        return line.substring(p, end);
    }

    /** The level of a klog header ({@code I0223 01:11:35.888571 ...}: I, W, E or F and the month and day), else null. */
    static String klogLevel(String line) {
        if (line.length() < 6 || line.charAt(5) != ' ') {
            return null;
        }
        for (int i = 1; i < 5; i++) {
            if (line.charAt(i) < '0' || line.charAt(i) > '9') {
                return null;
            }
        }
        return switch (line.charAt(0)) {
            case 'I' -> "info";
            case 'W' -> "warn";
            case 'E' -> "error";
            case 'F' -> "critical";
            default -> null;
        };
    }

    /** A level word anywhere in the line, most severe first, as Loki's fallback does. */
    static String levelWord(String line) {
        String l = line.length() > 4096 ? line.substring(0, 4096) : line;
        if (containsWord(l, "CRITICAL", "critical", "FATAL", "fatal", "PANIC", "panic")) {
            return "critical";
        }
        if (containsWord(l, "ERROR", "error", "Error", "ERR", "err")) {
            return "error";
        }
        if (containsWord(l, "WARN", "warn", "Warn", "WARNING", "warning", "Warning")) {
            return "warn";
        }
        if (containsWord(l, "INFO", "info", "Info")) {
            return "info";
        }
        if (containsWord(l, "DEBUG", "debug", "Debug")) {
            return "debug";
        }
        if (containsWord(l, "TRACE", "trace", "Trace")) {
            return "trace";
        }
        return "unknown";
    }

    private static boolean containsWord(String line, String... words) {
        for (String w : words) {
            int i = line.indexOf(w);
            while (i >= 0) {
                int end = i + w.length();
                boolean before = i == 0 || !Character.isLetterOrDigit(line.charAt(i - 1));
                boolean after = end >= line.length() || !Character.isLetterOrDigit(line.charAt(end));
                if (before && after) {
                    return true;
                }
                i = line.indexOf(w, end);
            }
        }
        return false;
    }
}
