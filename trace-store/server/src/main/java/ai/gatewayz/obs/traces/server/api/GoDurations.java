package ai.gatewayz.obs.traces.server.api;

/** Go's {@code time.ParseDuration} syntax ({@code 1h30m}, {@code 1.5s}, {@code 250ms}), as Tempo's minDuration/maxDuration use it. */
final class GoDurations {
    private GoDurations() {
    }

    static long parseNanos(String name, String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            throw TempoErrors.badParam(name, s, "empty duration");
        }
        long total = 0;
        int i = 0;
        while (i < t.length()) {
            int numStart = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < t.length() && !Character.isDigit(t.charAt(i)) && t.charAt(i) != '.') {
                i++;
            }
            if (numStart == unitStart) {
                throw TempoErrors.badParam(name, s, "not a Go duration");
            }
            double v;
            try {
                v = Double.parseDouble(t.substring(numStart, unitStart));
            } catch (NumberFormatException e) {
                throw TempoErrors.badParam(name, s, "not a Go duration");
            }
            double unit = switch (t.substring(unitStart, i)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> throw TempoErrors.badParam(name, s, "missing or unknown unit");
            };
            total += Math.round(v * unit);
        }
        return total;
    }
}
