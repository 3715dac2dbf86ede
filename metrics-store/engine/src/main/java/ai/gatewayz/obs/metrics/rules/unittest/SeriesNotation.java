package ai.gatewayz.obs.metrics.rules.unittest;

import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two small languages of promtool test files: series descriptions ({@code name{a="b"}} or
 * {@code {__name__="x"}}) and the expanding value notation ({@code 1+2x3}, {@code 1x3}, {@code _},
 * {@code _x3}, {@code stale}, {@code Inf}, {@code NaN}). Native-histogram values ({@code {{...}}})
 * are not supported and are rejected with a message saying so. Stateless.
 */
public final class SeriesNotation {
    /** A value slot: {@code null} for a missing sample. */
    public static final Double MISSING = null;
    public static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final Pattern EXPAND = Pattern.compile("^(.+?)(?:([+-])(.+))?x([0-9]+)$");

    private SeriesNotation() {
    }

    /** Parses a series description into labels; throws IllegalArgumentException naming the problem. */
    public static Labels parseSeries(String s) {
        String in = s.strip();
        Labels.Builder b = Labels.builder();
        int i = 0;
        while (i < in.length() && (Character.isLetterOrDigit(in.charAt(i)) || in.charAt(i) == '_' || in.charAt(i) == ':')) {
            i++;
        }
        if (i > 0) {
            if (Character.isDigit(in.charAt(0))) {
                throw new IllegalArgumentException("bad series " + quote(s) + ": metric name must not start with a digit");
            }
            b.set(Labels.METRIC_NAME, in.substring(0, i));
        }
        if (i == in.length()) {
            if (i == 0) {
                throw new IllegalArgumentException("bad series " + quote(s) + ": empty");
            }
            return b.build();
        }
        if (in.charAt(i) != '{') {
            throw new IllegalArgumentException("bad series " + quote(s) + ": unexpected character " + quote(String.valueOf(in.charAt(i))));
        }
        i++;
        while (true) {
            i = skipWs(in, i);
            if (i >= in.length()) {
                throw new IllegalArgumentException("bad series " + quote(s) + ": unexpected end of input inside braces");
            }
            if (in.charAt(i) == '}') {
                i++;
                break;
            }
            int ns = i;
            if (in.charAt(i) == '"') {
                StringBuilder name = new StringBuilder();
                i = readQuoted(in, i, name, s);
                i = skipWs(in, i);
                expect(in, i, '=', s);
                i = readValue(in, skipWs(in, i + 1), b, name.toString(), s);
            } else {
                while (i < in.length() && (Character.isLetterOrDigit(in.charAt(i)) || in.charAt(i) == '_')) {
                    i++;
                }
                if (i == ns) {
                    throw new IllegalArgumentException("bad series " + quote(s) + ": expected label name at position " + i);
                }
                String name = in.substring(ns, i);
                i = skipWs(in, i);
                expect(in, i, '=', s);
                i = readValue(in, skipWs(in, i + 1), b, name, s);
            }
            i = skipWs(in, i);
            if (i < in.length() && in.charAt(i) == ',') {
                i++;
                continue;
            }
            if (i < in.length() && in.charAt(i) == '}') {
                i++;
                break;
            }
            throw new IllegalArgumentException("bad series " + quote(s) + ": expected , or } at position " + i);
        }
        if (skipWs(in, i) != in.length()) {
            throw new IllegalArgumentException("bad series " + quote(s) + ": trailing characters");
        }
        Labels l = b.build();
        if (l.isEmpty()) {
            throw new IllegalArgumentException("bad series " + quote(s) + ": no labels");
        }
        return l;
    }

    private static int readValue(String in, int i, Labels.Builder b, String name, String orig) {
        if (i >= in.length() || (in.charAt(i) != '"' && in.charAt(i) != '\'' && in.charAt(i) != '`')) {
            throw new IllegalArgumentException("bad series " + quote(orig) + ": expected quoted label value for " + name);
        }
        StringBuilder v = new StringBuilder();
        i = readQuoted(in, i, v, orig);
        b.set(name, v.toString());
        return i;
    }

    private static int readQuoted(String in, int i, StringBuilder out, String orig) {
        char q = in.charAt(i++);
        while (i < in.length() && in.charAt(i) != q) {
            char c = in.charAt(i);
            if (c == '\\' && q != '`' && i + 1 < in.length()) {
                char e = in.charAt(++i);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                out.append(c);
            }
            i++;
        }
        if (i >= in.length()) {
            throw new IllegalArgumentException("bad series " + quote(orig) + ": unterminated quoted string");
        }
        return i + 1;
    }

    private static void expect(String in, int i, char c, String orig) {
        if (i >= in.length() || in.charAt(i) != c) {
            throw new IllegalArgumentException("bad series " + quote(orig) + ": expected '" + c + "' at position " + i);
        }
    }

    private static int skipWs(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Expands a values string into one slot per interval ({@code null} = missing). */
    public static List<Double> parseValues(String values) {
        List<Double> out = new ArrayList<>();
        String v = values.strip();
        if (v.contains("{{")) {
            throw new IllegalArgumentException("native histogram values are not supported: " + quote(values));
        }
        if (v.isEmpty()) {
            return out;
        }
        for (String tok : v.split("\\s+")) {
            if (tok.equals("_")) {
                out.add(MISSING);
                continue;
            }
            if (tok.equals("stale")) {
                out.add(STALE);
                continue;
            }
            Matcher m = EXPAND.matcher(tok);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(4));
                if (m.group(1).equals("_")) {
                    if (m.group(2) != null) {
                        throw new IllegalArgumentException("bad values " + quote(values) + ": missing values cannot increment");
                    }
                    for (int k = 0; k < n; k++) {
                        out.add(MISSING);
                    }
                    continue;
                }
                double start = number(m.group(1), values);
                double step = 0;
                if (m.group(2) != null) {
                    step = number(m.group(3), values);
                    if (m.group(2).equals("-")) {
                        step = -step;
                    }
                }
                double cur = start;
                for (int k = 0; k <= n; k++) {
                    out.add(cur);
                    cur += step;
                }
                continue;
            }
            out.add(number(tok, values));
        }
        return out;
    }

    private static double number(String t, String whole) {
        switch (t) {
            case "Inf", "+Inf", "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN", "nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad values " + quote(whole) + ": invalid number " + quote(t));
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
