package ai.gatewayz.obs.traces.traceql;

import java.util.Map;

/** TraceQL keywords and literal conversions: status and kind names, duration units. */
final class Literals {
    static final Map<String, Integer> STATUS = Map.of("unset", 0, "ok", 1, "error", 2);
    static final Map<String, Integer> KIND = Map.of("unspecified", 0, "internal", 1, "server", 2, "client", 3,
            "producer", 4, "consumer", 5);
    static final String[] KIND_NAMES = {"unspecified", "internal", "server", "client", "producer", "consumer"};
    static final String[] STATUS_NAMES = {"unset", "ok", "error"};

    private Literals() {
    }

    static boolean isDurationUnit(String u) {
        return switch (u) {
            case "ns", "us", "µs", "ms", "s", "m", "h", "d" -> true;
            default -> false;
        };
    }

    /** Nanoseconds of a duration literal such as {@code 1.5s} or {@code 250ms}. */
    static long durationNanos(String text) {
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        double v = Double.parseDouble(text.substring(0, i));
        double unit = switch (text.substring(i)) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> 86400e9;
        };
        return Math.round(v * unit);
    }
}
