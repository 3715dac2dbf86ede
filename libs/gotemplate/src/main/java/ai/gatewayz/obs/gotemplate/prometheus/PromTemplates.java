package ai.gatewayz.obs.gotemplate.prometheus;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.gotemplate.GoFormat;
import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.StringFunctions;
import ai.gatewayz.obs.gotemplate.TemplateException;
import ai.gatewayz.obs.gotemplate.TemplateFunction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus's template language for alert labels and annotations: the data ({@code .Labels},
 * {@code .Value}, {@code .ExternalLabels}, {@code .ExternalURL}), the variables Prometheus
 * predeclares ({@code $labels}, {@code $value}, {@code $externalLabels}, {@code $externalURL}) and
 * its functions. {@code query} runs through the injected {@link TemplateQuery} at the evaluation time.
 * Console-only functions ({@code tmpl}, {@code pathPrefix}) expand to the empty string, as the
 * alert-generator specification allows. Thread-safe.
 */
public final class PromTemplates {
    /** Variables Prometheus defines before every alert template. */
    public static final Set<String> PREDECLARED = Set.of("$labels", "$value", "$externalLabels", "$externalURL");

    /** Functions available besides Go's builtins. */
    public static final Set<String> FUNCTIONS = Set.of("query", "first", "label", "value", "strvalue", "args",
            "reReplaceAll", "safeHtml", "match", "title", "toUpper", "toLower", "graphLink", "tableLink",
            "sortByLabel", "humanize", "humanize1024", "humanizeDuration", "humanizePercentage",
            "humanizeTimestamp", "toTime", "toDuration", "pathPrefix", "externalURL", "parseDuration",
            "stripPort", "stripDomain", "tmpl");

    private PromTemplates() {
    }

    /** Parses {@code text} the way Prometheus does when it checks a rule file; throws {@link TemplateException}. */
    public static GoTemplate parse(String name, String text) {
        return GoTemplate.parse(name, text, FUNCTIONS, PREDECLARED);
    }

    /** Expands a template; errors come back as Prometheus's {@code <error expanding template: ...>} text. */
    public static String expand(String name, String text, Labels labels, double value, Labels externalLabels,
            String externalURL, TemplateQuery query, long timeMs) {
        if (!text.contains("{{")) {
            return text;
        }
        GoTemplate t;
        try {
            t = parse(name, text);
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        }
        return expand(t, name, labels, value, externalLabels, externalURL, query, timeMs);
    }

    /** Expands an already parsed template (rules parse theirs once). */
    public static String expand(GoTemplate t, String name, Labels labels, double value, Labels externalLabels,
            String externalURL, TemplateQuery query, long timeMs) {
        try {
            Map<String, Object> data = new LinkedHashMap<>();
            Map<String, String> lm = labels.toMap();
            Map<String, String> em = externalLabels.toMap();
            data.put("Labels", lm);
            data.put("ExternalLabels", em);
            data.put("ExternalURL", externalURL);
            data.put("Value", value);
            Map<String, Object> vars = Map.of("$labels", lm, "$externalLabels", em, "$externalURL", externalURL,
                    "$value", value);
            return t.execute(data, vars, functions(query, timeMs, externalURL));
        } catch (TemplateException e) {
            return "<error expanding template: " + e.getMessage() + ">";
        } catch (RuntimeException e) {
            return "<error expanding template: template: " + name + ": " + e.getMessage() + ">";
        }
    }

    /** The non-builtin functions, bound to a query function and evaluation time. */
    public static Map<String, TemplateFunction> functions(TemplateQuery query, long timeMs, String externalURL) {
        Map<String, TemplateFunction> f = new LinkedHashMap<>();
        f.put("query", a -> {
            if (query == null) {
                throw new TemplateException("query is not available");
            }
            return query.query(StringFunctions.str(a, 0), timeMs);
        });
        f.put("first", a -> {
            if (a.get(0) instanceof List<?> l && !l.isEmpty()) {
                return l.get(0);
            }
            throw new TemplateException("first() called on vector with no elements");
        });
        f.put("label", a -> {
            Object s = a.get(1);
            if (s instanceof TemplateSample ts) {
                return ts.labels().getOrDefault(StringFunctions.str(a, 0), "");
            }
            return "";
        });
        f.put("value", a -> a.get(0) instanceof TemplateSample ts ? ts.value() : 0.0);
        f.put("strvalue", a -> a.get(0) instanceof TemplateSample ts ? ts.labels().getOrDefault("__value__", "") : "");
        f.put("args", a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < a.size(); i++) {
                m.put("arg" + i, a.get(i));
            }
            return m;
        });
        f.putAll(StringFunctions.functions());
        f.put("graphLink", a -> "/graph?g0.expr=" + URLEncoder.encode(StringFunctions.str(a, 0), StandardCharsets.UTF_8) + "&g0.tab=0");
        f.put("tableLink", a -> "/graph?g0.expr=" + URLEncoder.encode(StringFunctions.str(a, 0), StandardCharsets.UTF_8) + "&g0.tab=1");
        f.put("sortByLabel", a -> {
            String label = StringFunctions.str(a, 0);
            List<TemplateSample> l = new ArrayList<>();
            if (a.get(1) instanceof List<?> in) {
                for (Object o : in) {
                    l.add((TemplateSample) o);
                }
            }
            l.sort(Comparator.comparing(s -> s.labels().getOrDefault(label, "")));
            return l;
        });
        f.put("humanize", a -> humanize(num(a, 0)));
        f.put("humanize1024", a -> humanize1024(num(a, 0)));
        f.put("humanizeDuration", a -> humanizeDuration(num(a, 0)));
        f.put("humanizePercentage", a -> GoFormat.formatG(num(a, 0) * 100, 4) + "%");
        f.put("humanizeTimestamp", a -> {
            double v = num(a, 0);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFormat.formatG(v, 4);
            }
            return goTime(v);
        });
        f.put("toTime", a -> goTime(num(a, 0)));
        f.put("toDuration", a -> humanizeDuration(num(a, 0)));
        f.put("pathPrefix", a -> "");
        f.put("tmpl", a -> "");
        f.put("externalURL", a -> externalURL);
        f.put("parseDuration", a -> Durations.parse(StringFunctions.str(a, 0)) / 1000.0);
        f.put("stripPort", a -> stripPort(StringFunctions.str(a, 0)));
        f.put("stripDomain", a -> {
            String hp = StringFunctions.str(a, 0);
            String host = stripPort(hp);
            String port = hp.length() > host.length() && !hp.startsWith("[") ? hp.substring(host.length()) : "";
            int dot = host.indexOf('.');
            if (dot < 0 || host.contains(":") || host.matches("[0-9.]+")) {
                return hp;
            }
            return host.substring(0, dot) + port;
        });
        return f;
    }


    /** Prometheus's convertToFloat: numbers, numeric strings. */
    private static double num(List<Object> a, int i) {
        if (i >= a.size()) {
            throw new TemplateException("wrong number of args: want " + (i + 1) + " got " + a.size());
        }
        Object v = a.get(i);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new TemplateException("strconv.ParseFloat: parsing " + GoFormat.quote(s) + ": invalid syntax");
            }
        }
        throw new TemplateException("can't convert " + GoFormat.typeName(v) + " to float");
    }

    static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.formatG(v, 4);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : new String[] {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return GoFormat.formatG(v, 4) + prefix;
        }
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoFormat.formatG(v, 4) + prefix;
    }

    static String humanize1024(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.formatG(v, 4);
        }
        String prefix = "";
        for (String p : new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return GoFormat.formatG(v, 4) + prefix;
    }

    static String humanizeDuration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.formatG(v, 4);
        }
        if (v == 0) {
            return "0s";
        }
        if (Math.abs(v) >= 1) {
            String sign = "";
            if (v < 0) {
                sign = "-";
                v = -v;
            }
            long whole = (long) v;
            long seconds = whole % 60;
            long minutes = (whole / 60) % 60;
            long hours = (whole / 60 / 60) % 24;
            long days = whole / 60 / 60 / 24;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + GoFormat.formatG(v, 4) + "s";
        }
        String prefix = "";
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoFormat.formatG(v, 4) + prefix + "s";
    }

    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Go's time.Time String() in UTC: {@code 2006-01-02 15:04:05.999999999 +0000 UTC}. */
    static String goTime(double seconds) {
        long nanos = (long) (seconds * 1e9);
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        StringBuilder sb = new StringBuilder(GO_TIME.format(t.atOffset(ZoneOffset.UTC)));
        if (t.getNano() != 0) {
            String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            sb.append('.').append(frac);
        }
        return sb.append(" +0000 UTC").toString();
    }


    private static String stripPort(String hp) {
        if (hp.startsWith("[")) {
            int close = hp.indexOf(']');
            if (close > 0 && (close == hp.length() - 1 || hp.charAt(close + 1) == ':')) {
                return hp.substring(1, close);
            }
            return hp;
        }
        int colon = hp.lastIndexOf(':');
        if (colon < 0 || hp.indexOf(':') != colon) {
            return hp;
        }
        return hp.substring(0, colon);
    }

}
