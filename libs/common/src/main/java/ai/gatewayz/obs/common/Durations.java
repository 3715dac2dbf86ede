package ai.gatewayz.obs.common;

/**
 * Prometheus duration syntax ({@code 1y2w3d4h5m6s7ms}, units in that order, each at most once,
 * {@code 0} allowed) and its canonical rendering. All values are milliseconds. Thread-safe.
 */
public final class Durations {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L};

    private Durations() {
    }

    /** Parses a Prometheus duration string; throws {@link SuiteException} (bad_data) when invalid. */
    public static long parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new SuiteException(ErrorKind.BAD_DATA, "empty duration string");
        }
        if (s.equals("0")) {
            return 0;
        }
        long total = 0;
        int pos = 0;
        int nextUnit = 0;
        boolean any = false;
        while (pos < s.length()) {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start) {
                throw invalid(s);
            }
            long n;
            try {
                n = Long.parseLong(s, start, pos, 10);
            } catch (NumberFormatException e) {
                throw invalid(s);
            }
            int unit = -1;
            for (int u = nextUnit; u < UNITS.length; u++) {
                String name = UNITS[u];
                if (s.startsWith(name, pos)) {
                    // "m" must not swallow the "m" of "ms".
                    if (name.equals("m") && s.startsWith("ms", pos)) {
                        continue;
                    }
                    unit = u;
                    break;
                }
            }
            if (unit < 0) {
                throw invalid(s);
            }
            pos += UNITS[unit].length();
            nextUnit = unit + 1;
            long add;
            try {
                add = Math.multiplyExact(n, UNIT_MS[unit]);
                total = Math.addExact(total, add);
            } catch (ArithmeticException e) {
                throw new SuiteException(ErrorKind.BAD_DATA, "duration out of range [value=" + s + "]");
            }
            any = true;
        }
        if (!any) {
            throw invalid(s);
        }
        return total;
    }

    /** Renders milliseconds the way Prometheus prints durations, e.g. {@code 1h30m}, {@code 0s}. */
    public static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        for (int u = 0; u < UNITS.length; u++) {
            long n = ms / UNIT_MS[u];
            if (n > 0) {
                sb.append(n).append(UNITS[u]);
                ms -= n * UNIT_MS[u];
            }
        }
        return sb.toString();
    }

    private static SuiteException invalid(String s) {
        return new SuiteException(ErrorKind.BAD_DATA, "not a valid duration string: " + CommonErrors.quote(s));
    }
}
