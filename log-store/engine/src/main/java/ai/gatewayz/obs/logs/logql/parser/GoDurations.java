package ai.gatewayz.obs.logs.logql.parser;

/**
 * Go's {@code time.ParseDuration} ({@code 1h30m}, {@code 1.5s}, {@code -2ms}, units ns us µs ms s m
 * h), which LogQL uses for duration label filters and {@code duration()} unwraps. Stateless.
 */
public final class GoDurations {
    private GoDurations() {
    }

    /** Nanoseconds, or null when {@code s} is not a Go duration. */
    public static Long parseNanos(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return 0L;
        }
        if (i >= s.length()) {
            return null;
        }
        double total = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (i == start) {
                return null;
            }
            double v;
            try {
                String num = s.substring(start, i);
                if (num.equals(".")) {
                    return null;
                }
                v = Double.parseDouble(num);
            } catch (NumberFormatException e) {
                return null;
            }
            int us = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            double unit = switch (s.substring(us, i)) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> -1;
            };
            if (unit < 0) {
                return null;
            }
            total += v * unit;
        }
        if (total > Long.MAX_VALUE) {
            return null;
        }
        long n = Math.round(total);
        return neg ? -n : n;
    }
}
