package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.logs.logql.LogqlErrors;
import ai.gatewayz.obs.logs.logql.parser.ByteSizes;
import ai.gatewayz.obs.logs.logql.parser.GoDurations;
import ai.gatewayz.obs.logs.logql.parser.Regexes;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Loki's template functions for line_format and label_format, bound to a per-pipeline context that
 * holds the current line and timestamp ({@code __line__}, {@code __timestamp__}). One instance per
 * pipeline, used by one thread.
 */
public final class LogqlTemplates {
    private static final TemplateEngine ENGINE = GoTemplateEngine.INSTANCE;

    private String line = "";
    private long timestampNanos;
    private final Map<String, Function<List<Object>, Object>> functions = new HashMap<>();

    public LogqlTemplates() {
        register();
    }

    /** Parses a template for validation at parse time; throws Loki's parse error. */
    public static void compile(String stage, String text) {
        new LogqlTemplates().template(stage, text);
    }

    public TemplateEngine.Compiled template(String stage, String text) {
        try {
            return ENGINE.parse(stage, text, functions);
        } catch (IllegalArgumentException e) {
            throw LogqlErrors.invalidTemplate(stage, String.valueOf(e.getMessage()));
        }
    }

    public void setEntry(String line, long timestampNanos) {
        this.line = line;
        this.timestampNanos = timestampNanos;
    }

    /** A Go time.Time value: nanoseconds since the epoch, printed as Go prints times. */
    public record GoTime(long nanos) {
        @Override
        public String toString() {
            Instant i = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            return GoTimeFormat.format(ZonedDateTime.ofInstant(i, ZoneOffset.UTC), "2006-01-02 15:04:05.999999999 -0700 MST");
        }
    }

    private void fn(String name, Function<List<Object>, Object> f) {
        functions.put(name, f);
    }

    private static String s(Object o) {
        if (o instanceof String str) {
            return str;
        }
        if (o instanceof Double d) {
            return ai.gatewayz.obs.gotemplate.GoFormat.sprint(d);
        }
        return o == null ? "" : o.toString();
    }

    private static long i(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String str = s(o).strip();
        try {
            return Long.parseLong(str);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(str);
            } catch (NumberFormatException e2) {
                return 0;
            }
        }
    }

    private static double f(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(s(o).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void argc(List<Object> a, int n, String name) {
        if (a.size() != n) {
            throw new IllegalArgumentException("wrong number of args for " + name + ": want " + n + " got " + a.size());
        }
    }

    private void register() {
        fn("__line__", a -> line);
        fn("__timestamp__", a -> new GoTime(timestampNanos));
        fn("lower", a -> s(a.get(0)).toLowerCase(Locale.ROOT));
        fn("upper", a -> s(a.get(0)).toUpperCase(Locale.ROOT));
        fn("title", a -> title(s(a.get(0))));
        fn("trim", a -> s(a.get(0)).strip());
        fn("trimSpace", a -> s(a.get(0)).strip());
        fn("trimAll", a -> trimAll(s(a.get(0)), s(a.get(1))));
        fn("trimPrefix", a -> {
            String str = s(a.get(1));
            String pre = s(a.get(0));
            return str.startsWith(pre) ? str.substring(pre.length()) : str;
        });
        fn("trimSuffix", a -> {
            String str = s(a.get(1));
            String suf = s(a.get(0));
            return str.endsWith(suf) ? str.substring(0, str.length() - suf.length()) : str;
        });
        fn("replace", a -> {
            argc(a, 3, "replace");
            return s(a.get(2)).replace(s(a.get(0)), s(a.get(1)));
        });
        // Loki also registers these Go strings functions under their Go names; arguments in Go's order (s first).
        fn("ToLower", a -> s(a.get(0)).toLowerCase(Locale.ROOT));
        fn("ToUpper", a -> s(a.get(0)).toUpperCase(Locale.ROOT));
        fn("TrimSpace", a -> s(a.get(0)).strip());
        fn("Trim", a -> {
            argc(a, 2, "Trim");
            return trimAll(s(a.get(1)), s(a.get(0)));
        });
        fn("TrimLeft", a -> {
            argc(a, 2, "TrimLeft");
            String str = s(a.get(0));
            String cut = s(a.get(1));
            int i = 0;
            while (i < str.length() && cut.indexOf(str.charAt(i)) >= 0) {
                i++;
            }
            return str.substring(i);
        });
        fn("TrimRight", a -> {
            argc(a, 2, "TrimRight");
            String str = s(a.get(0));
            String cut = s(a.get(1));
            int j = str.length();
            while (j > 0 && cut.indexOf(str.charAt(j - 1)) >= 0) {
                j--;
            }
            return str.substring(0, j);
        });
        fn("TrimPrefix", a -> {
            argc(a, 2, "TrimPrefix");
            String str = s(a.get(0));
            String pre = s(a.get(1));
            return str.startsWith(pre) ? str.substring(pre.length()) : str;
        });
        fn("TrimSuffix", a -> {
            argc(a, 2, "TrimSuffix");
            String str = s(a.get(0));
            String suf = s(a.get(1));
            return str.endsWith(suf) ? str.substring(0, str.length() - suf.length()) : str;
        });
        fn("Replace", a -> {
            argc(a, 4, "Replace");
            String str = s(a.get(0));
            String from = s(a.get(1));
            String to = s(a.get(2));
            long n = i(a.get(3));
            if (n < 0) {
                return str.replace(from, to);
            }
            StringBuilder b = new StringBuilder();
            int at = 0;
            for (long k = 0; k < n && !from.isEmpty(); k++) {
                int hit = str.indexOf(from, at);
                if (hit < 0) {
                    break;
                }
                b.append(str, at, hit).append(to);
                at = hit + from.length();
            }
            return b.append(str.substring(at)).toString();
        });
        fn("substr", a -> {
            argc(a, 3, "substr");
            String str = s(a.get(2));
            int start = (int) i(a.get(0));
            int end = (int) i(a.get(1));
            if (start < 0) {
                return str.substring(0, Math.min(Math.max(end, 0), str.length()));
            }
            if (end < 0 || end > str.length()) {
                return start > str.length() ? "" : str.substring(start);
            }
            return start > end ? "" : str.substring(start, end);
        });
        fn("trunc", a -> {
            String str = s(a.get(1));
            long n = i(a.get(0));
            if (n < 0) {
                return -n < str.length() ? str.substring(str.length() + (int) n) : str;
            }
            return n < str.length() ? str.substring(0, (int) n) : str;
        });
        fn("contains", a -> s(a.get(1)).contains(s(a.get(0))));
        fn("hasPrefix", a -> s(a.get(1)).startsWith(s(a.get(0))));
        fn("hasSuffix", a -> s(a.get(1)).endsWith(s(a.get(0))));
        fn("indent", a -> indent((int) i(a.get(0)), s(a.get(1))));
        fn("nindent", a -> "\n" + indent((int) i(a.get(0)), s(a.get(1))));
        fn("repeat", a -> s(a.get(1)).repeat((int) Math.max(0, Math.min(i(a.get(0)), 10_000))));
        fn("default", a -> {
            Object v = a.size() > 1 ? a.get(1) : null;
            boolean empty = v == null || (v instanceof String str && str.isEmpty()) || (v instanceof Number n && n.doubleValue() == 0)
                    || (v instanceof Boolean b && !b);
            return empty ? a.get(0) : v;
        });
        fn("regexReplaceAll", a -> {
            Matcher m = Regexes.compile(s(a.get(0)), 0).pattern().matcher(s(a.get(1)));
            return m.replaceAll(goReplacement(s(a.get(2))));
        });
        fn("regexReplaceAllLiteral", a -> Regexes.compile(s(a.get(0)), 0).pattern().matcher(s(a.get(1)))
                .replaceAll(Matcher.quoteReplacement(s(a.get(2)))));
        fn("count", a -> {
            Matcher m = Regexes.compile(s(a.get(0)), 0).pattern().matcher(s(a.get(1)));
            long n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        });
        fn("b64enc", a -> Base64.getEncoder().encodeToString(s(a.get(0)).getBytes(StandardCharsets.UTF_8)));
        fn("b64dec", a -> {
            try {
                return new String(Base64.getDecoder().decode(s(a.get(0))), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        fn("urlencode", a -> URLEncoder.encode(s(a.get(0)), StandardCharsets.UTF_8));
        fn("urldecode", a -> URLDecoder.decode(s(a.get(0)), StandardCharsets.UTF_8));
        fn("alignLeft", a -> {
            String str = s(a.get(1));
            int n = (int) i(a.get(0));
            return str.length() >= n ? str.substring(0, Math.max(n, 0)) : str + " ".repeat(n - str.length());
        });
        fn("alignRight", a -> {
            String str = s(a.get(1));
            int n = (int) i(a.get(0));
            return str.length() >= n ? str.substring(str.length() - Math.max(n, 0)) : " ".repeat(n - str.length()) + str;
        });
        fn("add", a -> a.stream().mapToLong(LogqlTemplates::i).sum());
        fn("sub", a -> i(a.get(0)) - i(a.get(1)));
        fn("mul", a -> a.stream().mapToLong(LogqlTemplates::i).reduce(1, (x, y) -> x * y));
        fn("div", a -> {
            long d = i(a.get(1));
            if (d == 0) {
                throw new IllegalArgumentException("runtime error: integer divide by zero");
            }
            return i(a.get(0)) / d;
        });
        fn("mod", a -> {
            long d = i(a.get(1));
            if (d == 0) {
                throw new IllegalArgumentException("runtime error: integer divide by zero");
            }
            return i(a.get(0)) % d;
        });
        fn("addf", a -> a.stream().mapToDouble(LogqlTemplates::f).sum());
        fn("subf", a -> {
            double v = f(a.get(0));
            for (int k = 1; k < a.size(); k++) {
                v -= f(a.get(k));
            }
            return v;
        });
        fn("mulf", a -> a.stream().mapToDouble(LogqlTemplates::f).reduce(1, (x, y) -> x * y));
        fn("divf", a -> {
            double v = f(a.get(0));
            for (int k = 1; k < a.size(); k++) {
                v /= f(a.get(k));
            }
            return v;
        });
        fn("max", a -> a.stream().mapToLong(LogqlTemplates::i).max().orElse(0));
        fn("min", a -> a.stream().mapToLong(LogqlTemplates::i).min().orElse(0));
        fn("maxf", a -> a.stream().mapToDouble(LogqlTemplates::f).max().orElse(0));
        fn("minf", a -> a.stream().mapToDouble(LogqlTemplates::f).min().orElse(0));
        fn("ceil", a -> Math.ceil(f(a.get(0))));
        fn("floor", a -> Math.floor(f(a.get(0))));
        fn("round", a -> {
            double v = f(a.get(0));
            long prec = a.size() > 1 ? i(a.get(1)) : 0;
            double m = Math.pow(10, prec);
            return Math.round(v * m) / m;
        });
        fn("int", a -> i(a.get(0)));
        fn("float64", a -> f(a.get(0)));
        fn("toDate", a -> parseDate(s(a.get(0)), s(a.get(1)), ZoneOffset.UTC));
        fn("toDateInZone", a -> parseDate(s(a.get(0)), s(a.get(1)), ZoneId.of(s(a.get(2)))));
        fn("date", a -> {
            Object t = a.get(1);
            long n = t instanceof GoTime g ? g.nanos() : i(t) * 1_000_000_000L;
            Instant inst = Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
            return GoTimeFormat.format(ZonedDateTime.ofInstant(inst, ZoneOffset.UTC), s(a.get(0)));
        });
        fn("now", a -> {
            Instant n = Instant.now();
            return new GoTime(n.getEpochSecond() * 1_000_000_000L + n.getNano());
        });
        fn("unixEpoch", a -> Math.floorDiv(((GoTime) a.get(0)).nanos(), 1_000_000_000L));
        fn("unixEpochMillis", a -> Math.floorDiv(((GoTime) a.get(0)).nanos(), 1_000_000L));
        fn("unixEpochNanos", a -> ((GoTime) a.get(0)).nanos());
        fn("unixToTime", a -> {
            String str = s(a.get(0));
            long v = Long.parseLong(str);
            long nanos = switch (str.length()) {
                case 10 -> v * 1_000_000_000L;
                case 13 -> v * 1_000_000L;
                case 16 -> v * 1_000L;
                case 19 -> v;
                default -> throw new IllegalArgumentException("unable to parse time '" + str + "'");
            };
            return new GoTime(nanos);
        });
        Function<List<Object>, Object> dur = a -> {
            Long n = GoDurations.parseNanos(s(a.get(0)));
            if (n == null) {
                throw new IllegalArgumentException("time: invalid duration \"" + s(a.get(0)) + "\"");
            }
            return n / 1e9;
        };
        fn("duration", dur);
        fn("duration_seconds", dur);
        fn("bytes", a -> {
            Double b = ByteSizes.parse(s(a.get(0)));
            if (b == null) {
                throw new IllegalArgumentException("invalid bytes \"" + s(a.get(0)) + "\"");
            }
            return b;
        });
        fn("fromJson", a -> JsonScanner.parseTree(s(a.get(0))));
        fn("toJson", a -> JsonScanner.render(a.get(0)));
    }

    private static String goReplacement(String repl) {
        // Go's ${1} / $name expansion on Java's $1 / ${name} syntax
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < repl.length(); k++) {
            char c = repl.charAt(k);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '$' && k + 1 < repl.length() && repl.charAt(k + 1) == '{') {
                int end = repl.indexOf('}', k);
                String name = end < 0 ? "" : repl.substring(k + 2, end);
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    sb.append('$').append(name);
                    k = end;
                } else {
                    sb.append("\\$");
                }
            } else if (c == '$' && k + 1 < repl.length() && Character.isDigit(repl.charAt(k + 1))) {
                sb.append('$');
            } else if (c == '$') {
                sb.append("\\$");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static GoTime parseDate(String layout, String value, ZoneId zone) {
        ZonedDateTime t = GoTimeFormat.parse(layout, value, zone);
        return new GoTime(t.toEpochSecond() * 1_000_000_000L + t.getNano());
    }

    private static String title(String str) {
        StringBuilder sb = new StringBuilder(str.length());
        boolean start = true;
        for (int k = 0; k < str.length(); k++) {
            char c = str.charAt(k);
            sb.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return sb.toString();
    }

    private static String trimAll(String cutset, String str) {
        int a = 0;
        int b = str.length();
        while (a < b && cutset.indexOf(str.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && cutset.indexOf(str.charAt(b - 1)) >= 0) {
            b--;
        }
        return str.substring(a, b);
    }

    private static String indent(int n, String str) {
        String pad = " ".repeat(Math.max(0, Math.min(n, 10_000)));
        return pad + str.replace("\n", "\n" + pad);
    }
}
