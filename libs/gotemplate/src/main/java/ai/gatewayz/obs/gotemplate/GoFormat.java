package ai.gatewayz.obs.gotemplate;

import ai.gatewayz.obs.common.GoStrings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's fmt rendering of the values templates print: {@code %v} of floats (shortest, exponent when
 * below 1e-4 or from 1e21... as Go's {@code 'g'} with the shortest precision), {@code %.Ng}, {@code %e},
 * {@code %f} and a {@code printf} covering the verbs rule templates use. Stateless and thread-safe.
 */
public final class GoFormat {
    private GoFormat() {
    }

    /** Go's {@code fmt.Sprint(v)} for the value kinds templates handle. */
    public static String sprint(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return formatG(d, -1);
        }
        if (v instanceof Float f) {
            return formatG(f.doubleValue(), -1);
        }
        if (v instanceof Number n) {
            return Long.toString(n.longValue());
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(sprint(e.getKey())).append(':').append(sprint(e.getValue()));
            }
            return sb.append(']').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(sprint(l.get(i)));
            }
            return sb.append(']').toString();
        }
        if (v instanceof TemplateValue tv) {
            return tv.sprint();
        }
        return v.toString();
    }

    /** Go's {@code strconv.FormatFloat(v, 'g', prec, 64)}; {@code prec < 0} means shortest. */
    public static String formatG(double v, int prec) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        Digits d = digits(v, prec);
        int eprec = prec;
        boolean shortest = prec < 0;
        if (!shortest && eprec > d.digits.length() && d.digits.length() >= d.dp) {
            eprec = d.digits.length();
        }
        if (shortest) {
            eprec = 6;
        }
        int exp = d.dp - 1;
        if (d.isZero) {
            exp = 0;
        }
        if (exp < -4 || exp >= eprec) {
            int p = shortest ? d.digits.length() - 1 : Math.max(d.digits.length() - 1, 0);
            return formatE(d, p, false);
        }
        int p = shortest ? Math.max(d.digits.length() - d.dp, 0) : Math.max(d.digits.length() - d.dp, 0);
        return formatF(d, p);
    }

    /** Go's {@code %.<prec>e}. */
    public static String formatE(double v, int prec) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return formatG(v, -1);
        }
        return formatE(digits(v, prec + 1), prec, true);
    }

    /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: shortest digits in exponent form, e.g. {@code 1e+00}. */
    public static String formatEShortest(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return formatG(v, -1);
        }
        Digits d = digits(v, -1);
        return formatE(d, d.digits.length() - 1, false);
    }

    /** Go's {@code %.<prec>f}. */
    public static String formatF(double v, int prec) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return formatG(v, -1);
        }
        BigDecimal bd = new BigDecimal(v).setScale(prec, RoundingMode.HALF_EVEN);
        String s = bd.abs().toPlainString();
        return (v < 0 || (v == 0 && 1 / v < 0) ? "-" : "") + s;
    }

    private record Digits(boolean negative, String digits, int dp, boolean isZero) {
    }

    /** Decimal digits (no trailing zeros) and decimal-point position of |v|, rounded to prec significant digits. */
    private static Digits digits(double v, int prec) {
        boolean neg = v < 0 || (v == 0 && 1 / v < 0);
        double a = Math.abs(v);
        if (a == 0) {
            return new Digits(neg, "0", 1, true);
        }
        BigDecimal bd = prec < 0 ? new BigDecimal(Double.toString(a)) : new BigDecimal(a).round(new MathContext(prec, RoundingMode.HALF_EVEN));
        bd = bd.stripTrailingZeros();
        String unscaled = bd.unscaledValue().toString();
        int dp = unscaled.length() - bd.scale();
        return new Digits(neg, unscaled, dp, false);
    }

    private static String formatE(Digits d, int prec, boolean padZeros) {
        StringBuilder sb = new StringBuilder();
        if (d.negative) {
            sb.append('-');
        }
        String digs = d.digits;
        sb.append(digs.charAt(0));
        int frac = padZeros ? prec : Math.min(prec, digs.length() - 1);
        if (frac > 0) {
            sb.append('.');
            for (int i = 1; i <= frac; i++) {
                sb.append(i < digs.length() ? digs.charAt(i) : '0');
            }
        }
        int exp = d.isZero ? 0 : d.dp - 1;
        sb.append('e').append(exp < 0 ? '-' : '+');
        int ae = Math.abs(exp);
        if (ae < 10) {
            sb.append('0');
        }
        sb.append(ae);
        return sb.toString();
    }

    private static String formatF(Digits d, int frac) {
        StringBuilder sb = new StringBuilder();
        if (d.negative) {
            sb.append('-');
        }
        String digs = d.digits;
        if (d.dp <= 0) {
            sb.append('0');
        } else {
            for (int i = 0; i < d.dp; i++) {
                sb.append(i < digs.length() ? digs.charAt(i) : '0');
            }
        }
        if (frac > 0) {
            sb.append('.');
            for (int i = 0; i < frac; i++) {
                int idx = d.dp + i;
                sb.append(idx >= 0 && idx < digs.length() ? digs.charAt(idx) : '0');
            }
        }
        return sb.toString();
    }

    /** Go's {@code fmt.Sprintf} for the verbs %v %s %d %f %e %g %q %x %t %% with flags, width and precision. */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            boolean minus = false;
            boolean plus = false;
            boolean zero = false;
            boolean space = false;
            while (i < format.length() && "-+0 #".indexOf(format.charAt(i)) >= 0) {
                switch (format.charAt(i)) {
                    case '-' -> minus = true;
                    case '+' -> plus = true;
                    case '0' -> zero = true;
                    case ' ' -> space = true;
                    default -> {
                    }
                }
                i++;
            }
            int width = -1;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                width = (width < 0 ? 0 : width * 10) + (format.charAt(i) - '0');
                i++;
            }
            int prec = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                prec = 0;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    prec = prec * 10 + (format.charAt(i) - '0');
                    i++;
                }
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object a = args.get(argi++);
            String s = formatOne(verb, a, prec, plus, space);
            if (width >= 0 && s.length() < width) {
                String pad = (zero && !minus && verb != 's' && verb != 'q' ? "0" : " ").repeat(width - s.length());
                if (minus) {
                    s = s + pad;
                } else if (pad.startsWith("0") && (s.startsWith("-") || s.startsWith("+"))) {
                    s = s.charAt(0) + pad + s.substring(1);
                } else {
                    s = pad + s;
                }
            }
            out.append(s);
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) {
                    out.append(", ");
                }
                Object a = args.get(k);
                out.append(typeName(a)).append('=').append(sprint(a));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String formatOne(char verb, Object a, int prec, boolean plus, boolean space) {
        String s;
        switch (verb) {
            case 'v', 's' -> {
                s = sprint(a);
                if (verb == 's' && prec >= 0 && s.length() > prec) {
                    s = s.substring(0, prec);
                }
                if (verb == 'v' && a instanceof Double d && prec >= 0) {
                    s = formatG(d, prec);
                }
            }
            case 'd' -> {
                if (a instanceof Number n && !(a instanceof Double) && !(a instanceof Float)) {
                    s = Long.toString(n.longValue());
                } else {
                    return "%!d(" + typeName(a) + "=" + sprint(a) + ")";
                }
            }
            case 'f', 'F', 'e', 'g' -> {
                if (!(a instanceof Number n)) {
                    return "%!" + verb + "(" + typeName(a) + "=" + sprint(a) + ")";
                }
                if (!(a instanceof Double) && !(a instanceof Float)) {
                    return "%!" + verb + "(" + typeName(a) + "=" + sprint(a) + ")";
                }
                double d = n.doubleValue();
                s = switch (verb) {
                    case 'e' -> formatE(d, prec < 0 ? 6 : prec);
                    case 'g' -> formatG(d, prec < 0 ? -1 : (prec == 0 ? 1 : prec));
                    default -> formatF(d, prec < 0 ? 6 : prec);
                };
            }
            case 'q' -> s = quote(sprint(a));
            case 'x' -> {
                if (a instanceof Number n && !(a instanceof Double)) {
                    s = Long.toHexString(n.longValue());
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (byte b : sprint(a).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        sb.append(String.format("%02x", b & 0xff));
                    }
                    s = sb.toString();
                }
            }
            case 't' -> s = a instanceof Boolean b ? b.toString() : "%!t(" + typeName(a) + "=" + sprint(a) + ")";
            default -> {
                return "%!" + verb + "(" + typeName(a) + "=" + sprint(a) + ")";
            }
        }
        if (a instanceof Number n && !s.startsWith("-") && "dfFeg".indexOf(verb) >= 0) {
            if (plus) {
                s = "+" + s;
            } else if (space) {
                s = " " + s;
            }
        }
        return s;
    }

    /** Go's {@code strconv.Quote} for printable text. */
    public static String quote(String s) {
        return GoStrings.quote(s);
    }

    public static String typeName(Object a) {
        if (a == null) {
            return "<nil>";
        }
        if (a instanceof TemplateValue tv) {
            return tv.goTypeName();
        }
        if (a instanceof String) {
            return "string";
        }
        if (a instanceof Double) {
            return "float64";
        }
        if (a instanceof Number) {
            return "int";
        }
        if (a instanceof Boolean) {
            return "bool";
        }
        if (a instanceof Map<?, ?>) {
            return "map[string]string";
        }
        if (a instanceof List<?>) {
            return "[]interface {}";
        }
        return a.getClass().getSimpleName();
    }
}
