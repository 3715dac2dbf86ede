package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the Prometheus text format 0.0.4 and OpenMetrics 1.0 text (wire-protocols.md §2.3-2.4).
 * Differences handled: OpenMetrics timestamps are float seconds (stored as ms), exemplars follow
 * {@code #} after the value, {@code # UNIT} exists and the body must end with {@code # EOF}. Both
 * accept quoted UTF-8 names inside braces. {@code le} and {@code quantile} values are normalised
 * like Prometheus 3 ({@code 1} → {@code 1.0}). Stateless; one call per body.
 */
public final class ExpositionParser {
    /** Go's math.NaN(), which Prometheus stores for a "NaN" sample: keep the same bits. */
    public static final double GO_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    /** The two text formats. */
    public enum Format { TEXT, OPENMETRICS }

    private ExpositionParser() {
    }

    /** What one body contained. */
    public record Result(List<ParsedSample> samples, Map<String, Metadata> metadata) {
    }

    /** The parser for a response {@code Content-Type}; missing or unknown falls back to text 0.0.4. */
    public static Format formatFor(String contentType) {
        if (contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/openmetrics-text")) {
            return Format.OPENMETRICS;
        }
        return Format.TEXT;
    }

    public static Result parse(String body, Format format) {
        return new Run(body, format).run();
    }

    private static final class Run {
        private final String s;
        private final boolean om;
        private final List<ParsedSample> samples = new ArrayList<>();
        private final Map<String, MetricType> types = new LinkedHashMap<>();
        private final Map<String, String> help = new LinkedHashMap<>();
        private final Map<String, String> units = new LinkedHashMap<>();
        private final Labels.Builder lb = Labels.builder();
        private int lineNo;
        private String line;
        private int p;

        Run(String s, Format f) {
            this.s = s;
            this.om = f == Format.OPENMETRICS;
        }

        Result run() {
            int pos = 0;
            boolean eof = false;
            int n = s.length();
            while (pos < n) {
                int nl = s.indexOf('\n', pos);
                int end = nl < 0 ? n : nl;
                line = s.substring(pos, end);
                pos = end + 1;
                lineNo++;
                if (eof) {
                    if (!line.isEmpty()) {
                        throw ScrapeErrors.parse(lineNo, "content after # EOF", line);
                    }
                    continue;
                }
                if (om && line.indexOf('\r') >= 0) {
                    throw ScrapeErrors.parse(lineNo, "carriage return in OpenMetrics", line);
                }
                String trimmed = om ? line : line.strip();
                if (trimmed.isEmpty()) {
                    if (om) {
                        throw ScrapeErrors.parse(lineNo, "empty line in OpenMetrics", line);
                    }
                    continue;
                }
                if (trimmed.charAt(0) == '#') {
                    if (comment(trimmed)) {
                        eof = true;
                    }
                    continue;
                }
                line = trimmed;
                sample();
            }
            if (om && !eof) {
                throw ScrapeErrors.missingEof();
            }
            Map<String, Metadata> md = new LinkedHashMap<>();
            for (String name : union()) {
                md.put(name, new Metadata(types.getOrDefault(name, MetricType.UNKNOWN), help.get(name), units.get(name)));
            }
            return new Result(samples, md);
        }

        private List<String> union() {
            List<String> all = new ArrayList<>(types.keySet());
            for (String k : help.keySet()) {
                if (!types.containsKey(k)) {
                    all.add(k);
                }
            }
            for (String k : units.keySet()) {
                if (!types.containsKey(k) && !help.containsKey(k)) {
                    all.add(k);
                }
            }
            return all;
        }

        /** Handles a # line; true on # EOF. */
        private boolean comment(String c) {
            if (om && c.equals("# EOF")) {
                return true;
            }
            String[] parts = c.split("[ \t]+", 4);
            if (parts.length < 3 || !parts[0].equals("#")) {
                return false;
            }
            String kw = parts[1];
            String name = unquote(parts[2]);
            String rest = parts.length > 3 ? parts[3] : "";
            switch (kw) {
                case "HELP" -> help.put(name, unescapeHelp(rest));
                case "TYPE" -> {
                    MetricType t = switch (rest.trim().toLowerCase(Locale.ROOT)) {
                        case "counter" -> MetricType.COUNTER;
                        case "gauge" -> MetricType.GAUGE;
                        case "histogram" -> MetricType.HISTOGRAM;
                        case "summary" -> MetricType.SUMMARY;
                        case "untyped", "unknown" -> MetricType.UNKNOWN;
                        case "gaugehistogram" -> MetricType.GAUGEHISTOGRAM;
                        case "info" -> MetricType.INFO;
                        case "stateset" -> MetricType.STATESET;
                        default -> throw ScrapeErrors.parse(lineNo, "unknown metric type \"" + rest.trim() + "\"", c);
                    };
                    types.put(name, t);
                }
                case "UNIT" -> {
                    // Text 0.0.4 has no UNIT line: Prometheus treats it there as a plain comment.
                    if (om) {
                        units.put(name, rest.trim());
                    }
                }
                default -> {
                    // other comments are ignored
                }
            }
            return false;
        }

        private static String unquote(String name) {
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                return name.substring(1, name.length() - 1);
            }
            return name;
        }

        private static String unescapeHelp(String h) {
            if (h.indexOf('\\') < 0) {
                return h;
            }
            StringBuilder sb = new StringBuilder(h.length());
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                if (c == '\\' && i + 1 < h.length()) {
                    char e = h.charAt(++i);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case '\\' -> sb.append('\\');
                        case '"' -> sb.append('"');
                        default -> sb.append('\\').append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        private ParseError err(String what) {
            return new ParseError(ScrapeErrors.parse(lineNo, what, line));
        }

        /** Carries the SuiteException out of deep helpers without a checked exception. */
        private static final class ParseError extends RuntimeException {
            ParseError(RuntimeException cause) {
                super(cause.getMessage(), cause, false, false);
            }
        }

        private void sample() {
            try {
                sampleLine();
            } catch (ParseError e) {
                throw (RuntimeException) e.getCause();
            } catch (StringIndexOutOfBoundsException e) {
                throw ScrapeErrors.parse(lineNo, "unexpected end of line", line);
            }
        }

        private void sampleLine() {
            p = 0;
            lb.reset();
            String name = null;
            if (line.charAt(0) != '{') {
                name = ident(true);
                if (name.isEmpty()) {
                    throw err("invalid metric name");
                }
                int save = p;
                skipSpaces();
                if (p >= line.length() || line.charAt(p) != '{') {
                    p = save;
                }
            }
            if (p < line.length() && line.charAt(p) == '{') {
                p++;
                name = labels(lb, name, true);
            }
            if (name == null || name.isEmpty()) {
                throw err("missing metric name");
            }
            lb.set(Labels.METRIC_NAME, name);
            requireSpace();
            String valueTok = token();
            Double v = GoFloat.parse(valueTok);
            if (v == null) {
                throw err("invalid value \"" + valueTok + "\"");
            }
            if (v.isNaN()) {
                v = GO_NAN;
            }
            long ts = ParsedSample.NO_TIMESTAMP;
            skipSpaces();
            if (p < line.length() && line.charAt(p) != '#') {
                ts = timestamp(token());
                skipSpaces();
            }
            Exemplar ex = null;
            if (p < line.length() && line.charAt(p) == '#') {
                if (!om) {
                    throw err("unexpected text after the value");
                }
                p++;
                skipSpaces();
                if (p >= line.length() || line.charAt(p) != '{') {
                    throw err("exemplar must start with a label set");
                }
                p++;
                Labels.Builder eb = Labels.builder();
                labels(eb, null, false);
                requireSpace();
                Double ev = GoFloat.parse(token());
                if (ev == null) {
                    throw err("invalid exemplar value");
                }
                skipSpaces();
                long ets = ParsedSample.NO_TIMESTAMP;
                if (p < line.length()) {
                    ets = timestamp(token());
                    skipSpaces();
                }
                ex = new Exemplar(eb.build(), ev, ets);
            }
            if (p < line.length()) {
                throw err("unexpected text after the sample");
            }
            samples.add(new ParsedSample(lb.build(), v, ts, ex));
        }

        private long timestamp(String tok) {
            try {
                if (om) {
                    return new BigDecimal(tok).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
                }
                return Long.parseLong(tok);
            } catch (NumberFormatException | ArithmeticException e) {
                throw err("invalid timestamp \"" + tok + "\"");
            }
        }

        private void requireSpace() {
            if (p >= line.length() || (line.charAt(p) != ' ' && line.charAt(p) != '\t')) {
                throw err("expected a space");
            }
            skipSpaces();
        }

        private void skipSpaces() {
            while (p < line.length() && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
                p++;
            }
        }

        private String token() {
            int start = p;
            while (p < line.length() && line.charAt(p) != ' ' && line.charAt(p) != '\t') {
                p++;
            }
            return line.substring(start, p);
        }

        private String ident(boolean metric) {
            int start = p;
            while (p < line.length()) {
                char c = line.charAt(p);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':')
                        || (p > start && c >= '0' && c <= '9');
                if (!ok) {
                    break;
                }
                p++;
            }
            return line.substring(start, p);
        }

        private String quoted() {
            if (line.charAt(p) != '"') {
                throw err("expected a quoted string");
            }
            p++;
            StringBuilder sb = null;
            int start = p;
            while (true) {
                char c = line.charAt(p);
                if (c == '"') {
                    String out = sb == null ? line.substring(start, p) : sb.toString();
                    p++;
                    return out;
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder(line.substring(start, p));
                    }
                    char e = line.charAt(p + 1);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case '\\' -> sb.append('\\');
                        case '"' -> sb.append('"');
                        default -> throw err("invalid escape \\" + e);
                    }
                    p += 2;
                    continue;
                }
                if (sb != null) {
                    sb.append(c);
                }
                p++;
            }
        }

        /** Parses label pairs after '{' up to and including '}'; returns the metric name if given inside. */
        private String labels(Labels.Builder b, String name, boolean normalise) {
            java.util.HashSet<String> seen = new java.util.HashSet<>();
            skipSpaces();
            while (line.charAt(p) != '}') {
                String lname;
                if (line.charAt(p) == '"') {
                    lname = quoted();
                    skipSpaces();
                    if (line.charAt(p) == ',' || line.charAt(p) == '}') {
                        if (name != null) {
                            throw err("metric name given twice");
                        }
                        name = lname;
                        if (line.charAt(p) == ',') {
                            p++;
                            skipSpaces();
                        }
                        continue;
                    }
                } else {
                    lname = ident(false);
                    if (lname.isEmpty()) {
                        throw err("invalid label name");
                    }
                }
                skipSpaces();
                if (line.charAt(p) != '=') {
                    throw err("expected '=' after label name " + lname);
                }
                p++;
                skipSpaces();
                String value = quoted();
                if (!seen.add(lname)) {
                    throw err("duplicate label name " + lname);
                }
                if (normalise && (lname.equals("le") || lname.equals("quantile"))) {
                    Double f = GoFloat.parse(value);
                    if (f != null) {
                        value = FloatFormat.openMetrics(f);
                    }
                }
                b.set(lname, value);
                skipSpaces();
                if (line.charAt(p) == ',') {
                    p++;
                    skipSpaces();
                } else if (line.charAt(p) != '}') {
                    throw err("expected ',' or '}' in label set");
                }
            }
            p++;
            return name;
        }
    }
}
