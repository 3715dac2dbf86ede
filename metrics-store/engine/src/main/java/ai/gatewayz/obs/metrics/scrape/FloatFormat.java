package ai.gatewayz.obs.metrics.scrape;

import java.math.BigDecimal;

/**
 * Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} and Prometheus 3's canonical form of
 * {@code le}/{@code quantile} label values (integers get ".0"), so buckets are named the same
 * whichever exposition format a target used. Stateless.
 */
public final class FloatFormat {
    private FloatFormat() {
    }

    public static String goG(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0) {
            return (Double.doubleToRawLongBits(f) < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int nd = digits.length();
        int dp = nd - bd.scale();
        int exp = dp - 1;
        StringBuilder sb = new StringBuilder(24);
        if (f < 0) {
            sb.append('-');
        }
        // Shortest 'g': scientific when the exponent is < -4 or >= 6 (Go uses precision 6 for this).
        if (exp < -4 || exp >= 6) {
            return sci(sb, digits, exp);
        }
        if (dp <= 0) {
            sb.append("0.");
            sb.append("0".repeat(-dp));
            sb.append(digits);
        } else if (dp >= nd) {
            sb.append(digits).append("0".repeat(dp - nd));
        } else {
            sb.append(digits, 0, dp).append('.').append(digits, dp, nd);
        }
        return sb.toString();
    }

    private static String sci(StringBuilder sb, String digits, int exp) {
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        return sb.append(a).toString();
    }

    /** Prometheus 3's formatOpenMetricsFloat. */
    public static String openMetrics(double f) {
        if (f == 1) {
            return "1.0";
        }
        if (f == 0) {
            return "0.0";
        }
        if (f == -1) {
            return "-1.0";
        }
        String s = goG(f);
        if (s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.contains("Inf") || s.equals("NaN")) {
            return s;
        }
        return s + ".0";
    }
}
