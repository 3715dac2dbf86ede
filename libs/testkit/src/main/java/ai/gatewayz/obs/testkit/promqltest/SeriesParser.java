package ai.gatewayz.obs.testkit.promqltest;

import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the series part ({@code name{a="b"}}) and the value part (expanding notation) of load
 * and expectation lines. Stateless.
 */
final class SeriesParser {
    static final long STALE_BITS = 0x7ff0000000000002L;
    static final double STALE = Double.longBitsToDouble(STALE_BITS);
    /** Marks a {@code _} (no sample) in an expanded value list. */
    static final long GAP_BITS = 0x7ff8dead0000beefL;

    private SeriesParser() {
    }

    /** Splits a line into the series descriptor and the rest. */
    static String[] split(String line) {
        int depth = 0;
        boolean inStr = false;
        char q = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inStr) {
                if (c == '\\') {
                    i++;
                } else if (c == q) {
                    inStr = false;
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                inStr = true;
                q = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return new String[] {line.substring(0, i + 1).trim(), line.substring(i + 1).trim()};
                }
            } else if ((c == ' ' || c == '\t') && depth == 0) {
                return new String[] {line.substring(0, i).trim(), line.substring(i).trim()};
            }
        }
        return new String[] {line.trim(), ""};
    }

    static Labels parseLabels(String desc) {
        Labels.Builder b = Labels.builder();
        int brace = desc.indexOf('{');
        String name = brace < 0 ? desc : desc.substring(0, brace).trim();
        if (!name.isEmpty()) {
            b.set(Labels.METRIC_NAME, name);
        }
        if (brace < 0) {
            return b.build();
        }
        String body = desc.substring(brace + 1, desc.lastIndexOf('}'));
        int i = 0;
        while (i < body.length()) {
            while (i < body.length() && (Character.isWhitespace(body.charAt(i)) || body.charAt(i) == ',')) {
                i++;
            }
            if (i >= body.length()) {
                break;
            }
            String label;
            if (body.charAt(i) == '"' || body.charAt(i) == '\'' || body.charAt(i) == '`') {
                int e = endOfString(body, i);
                label = unquote(body.substring(i, e));
                i = e;
            } else {
                int s = i;
                while (i < body.length() && body.charAt(i) != '=' && !Character.isWhitespace(body.charAt(i))
                        && body.charAt(i) != ',') {
                    i++;
                }
                label = body.substring(s, i);
            }
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= body.length() || body.charAt(i) != '=') {
                // a bare quoted metric name
                b.set(Labels.METRIC_NAME, label);
                continue;
            }
            i++;
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            int e = endOfString(body, i);
            b.set(label, unquote(body.substring(i, e)));
            i = e;
        }
        return b.build();
    }

    private static int endOfString(String s, int i) {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\' && q != '`') {
                j += 2;
                continue;
            }
            if (c == q) {
                return j + 1;
            }
            j++;
        }
        throw new IllegalArgumentException("unterminated string in " + s);
    }

    static String unquote(String lit) {
        char q = lit.charAt(0);
        String body = lit.substring(1, lit.length() - 1);
        if (q == '`') {
            return body;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case '\'' -> sb.append('\'');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    sb.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        // octal byte escapes: collect bytes and decode as UTF-8
                        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                        bytes.write(Integer.parseInt(body.substring(i, i + 3), 8));
                        i += 2;
                        while (i + 4 < body.length() + 1 && i + 1 < body.length() && body.charAt(i + 1) == '\\'
                                && i + 2 < body.length() && body.charAt(i + 2) >= '0' && body.charAt(i + 2) <= '7') {
                            bytes.write(Integer.parseInt(body.substring(i + 2, i + 5), 8));
                            i += 4;
                        }
                        sb.append(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
                    } else {
                        sb.append(e);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * Expands the value notation with native histogram literals: each element is a {@code Double}
     * (gaps are {@link #GAP_BITS} NaNs) or a {@link TestHistogram}.
     */
    static List<Object> parseMixed(String s) {
        List<Object> out = new ArrayList<>();
        for (String item : tokens(s)) {
            if (!item.contains("{{")) {
                out.addAll(parseValues(item));
                continue;
            }
            int end = item.indexOf("}}");
            TestHistogram start = TestHistogram.parse(item.substring(item.indexOf("{{") + 2, end));
            String rest = item.substring(end + 2);
            if (rest.isEmpty()) {
                out.add(start);
                continue;
            }
            TestHistogram delta = null;
            double sign = 1;
            if (rest.startsWith("+{{") || rest.startsWith("-{{")) {
                sign = rest.charAt(0) == '-' ? -1 : 1;
                int e2 = rest.indexOf("}}");
                delta = TestHistogram.parse(rest.substring(3, e2));
                rest = rest.substring(e2 + 2);
            }
            if (!rest.startsWith("x")) {
                throw new IllegalArgumentException("bad histogram series notation: " + item);
            }
            int times = Integer.parseInt(rest.substring(1));
            for (int i = 0; i <= times; i++) {
                out.add(delta == null ? start : start.plus(delta, sign * i));
            }
        }
        return out;
    }

    /** Whitespace-separated items, keeping {@code {{...}}} literals (which contain spaces) whole. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                depth++;
                cur.append("{{");
                i++;
                continue;
            }
            if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}' && depth > 0) {
                depth--;
                cur.append("}}");
                i++;
                continue;
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                continue;
            }
            cur.append(c);
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Expands the value notation; gaps are {@link #GAP_BITS} NaNs. Histogram literals throw. */
    static List<Double> parseValues(String s) {
        List<Double> out = new ArrayList<>();
        for (String item : s.trim().split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.contains("{{")) {
                throw new UnsupportedOperationException("native histogram literal");
            }
            if (item.equals("_")) {
                out.add(Double.longBitsToDouble(GAP_BITS));
                continue;
            }
            if (item.startsWith("_x")) {
                int k = Integer.parseInt(item.substring(2));
                for (int i = 0; i < k; i++) {
                    out.add(Double.longBitsToDouble(GAP_BITS));
                }
                continue;
            }
            if (item.equals("stale")) {
                out.add(STALE);
                continue;
            }
            int x = item.lastIndexOf('x');
            if (x > 0 && !item.toLowerCase(Locale.ROOT).endsWith("inf")) {
                String head = item.substring(0, x);
                int times = Integer.parseInt(item.substring(x + 1));
                // find the +/- separating start and delta (not a leading sign or an exponent sign)
                int sep = -1;
                for (int i = 1; i < head.length(); i++) {
                    char c = head.charAt(i);
                    if ((c == '+' || c == '-') && head.charAt(i - 1) != 'e' && head.charAt(i - 1) != 'E') {
                        sep = i;
                        break;
                    }
                }
                double start;
                double delta = 0;
                if (sep < 0) {
                    start = number(head);
                } else {
                    start = number(head.substring(0, sep));
                    delta = number(head.substring(sep + 1));
                    if (head.charAt(sep) == '-') {
                        delta = -delta;
                    }
                }
                for (int i = 0; i <= times; i++) {
                    out.add(start + delta * i);
                }
                continue;
            }
            out.add(number(item));
        }
        return out;
    }

    static double number(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        switch (l) {
            case "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        if (l.matches("[+-]?\\d+(ms|s|m|h|d|w|y)")) {
            return Durations.parseMs(l.replaceFirst("^[+-]", "")) / 1000.0 * (l.startsWith("-") ? -1 : 1);
        }
        return Double.parseDouble(s.replace("_", ""));
    }

    static boolean isGap(double d) {
        return Double.doubleToRawLongBits(d) == GAP_BITS;
    }

    /** Minimal Prometheus duration parsing for the script syntax. */
    static final class Durations {
        private Durations() {
        }

        static long parseMs(String s) {
            return ai.gatewayz.obs.common.Durations.parse(s);
        }
    }
}
