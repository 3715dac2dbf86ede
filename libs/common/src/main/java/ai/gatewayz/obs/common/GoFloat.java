package ai.gatewayz.obs.common;

/**
 * Parses numbers with Go's {@code strconv.ParseFloat} syntax, which the replaced systems use for
 * query parameters. Java's {@link Double#parseDouble} is too lenient for this ("1d" and "1f" parse
 * as numbers there, but "1d" is a duration here).
 */
public final class GoFloat {
    private GoFloat() {
    }

    /** Returns the value, or {@code null} when {@code s} is not a Go float literal. */
    public static Double parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String t = s;
        int i = 0;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            i = 1;
        }
        String body = t.substring(i).toLowerCase(java.util.Locale.ROOT);
        boolean neg = t.charAt(0) == '-';
        if (body.equals("inf") || body.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equals("nan")) {
            return i == 0 ? Double.NaN : null;
        }
        if (body.startsWith("0x")) {
            try {
                String hex = body.contains("p") ? body : body + "p0";
                double v = Double.parseDouble((neg ? "-" : "") + hex);
                return v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (!isDecimal(body)) {
            return null;
        }
        try {
            return Double.parseDouble(t.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isDecimal(String b) {
        int n = b.length();
        int p = 0;
        int digits = 0;
        while (p < n && (Character.isDigit(b.charAt(p)) || b.charAt(p) == '_')) {
            digits++;
            p++;
        }
        if (p < n && b.charAt(p) == '.') {
            p++;
            while (p < n && Character.isDigit(b.charAt(p))) {
                digits++;
                p++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (p < n && b.charAt(p) == 'e') {
            p++;
            if (p < n && (b.charAt(p) == '+' || b.charAt(p) == '-')) {
                p++;
            }
            int e = p;
            while (p < n && Character.isDigit(b.charAt(p))) {
                p++;
            }
            if (p == e) {
                return false;
            }
        }
        return p == n;
    }

    /**
     * Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} as Prometheus writes sample values in JSON and
     * label values: shortest round-trip digits, never an exponent, {@code NaN}, {@code +Inf}, {@code -Inf}.
     */
    public static String formatPlain(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
