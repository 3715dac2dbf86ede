package ai.gatewayz.obs.sim.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0 as scrapers read them:
 * every sample must belong to a family declared by {@code # TYPE} (with the suffixes its type
 * allows), label names and values must be well-formed and escaped, values must be Go floats,
 * histogram buckets must be ascending in {@code le}, cumulative, end in {@code +Inf} and agree with
 * {@code _count}; OpenMetrics must end with {@code # EOF} and exemplars must be well-formed. Any
 * violation throws {@link IllegalArgumentException} with the line number.
 */
public final class Exposition {
    /** One sample. */
    public record Sample(String name, Map<String, String> labels, double value, Map<String, String> exemplar) {
    }

    /** One metric family. */
    public static final class Family {
        public final String name;
        public String type = "untyped";
        public String help;
        public final List<Sample> samples = new ArrayList<>();

        Family(String name) {
            this.name = name;
        }

        /** Label names used by the family's samples, without {@code le}/{@code quantile}. */
        public java.util.Set<String> labelNames() {
            java.util.Set<String> s = new java.util.TreeSet<>();
            for (Sample x : samples) {
                s.addAll(x.labels().keySet());
            }
            s.remove("le");
            s.remove("quantile");
            return s;
        }

        /** Distinct finite bucket bounds of a histogram. */
        public java.util.SortedSet<Double> buckets() {
            java.util.SortedSet<Double> s = new java.util.TreeSet<>();
            for (Sample x : samples) {
                if (x.name().endsWith("_bucket")) {
                    double le = parseFloat(x.labels().get("le"));
                    if (!Double.isInfinite(le)) {
                        s.add(le);
                    }
                }
            }
            return s;
        }

        public double sum(String sampleName, Map<String, String> match) {
            double v = 0;
            for (Sample x : samples) {
                if (x.name().equals(sampleName) && x.labels().entrySet().containsAll(match.entrySet())) {
                    v += x.value();
                }
            }
            return v;
        }
    }

    public final Map<String, Family> families = new LinkedHashMap<>();
    private final boolean openMetrics;

    private Exposition(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    public static Exposition parse(String text, boolean openMetrics) {
        Exposition e = new Exposition(openMetrics);
        e.run(text);
        return e;
    }

    /** The family a dashboard metric name refers to: as declared, or with {@code _total} removed (OpenMetrics counters). */
    public Family family(String name) {
        Family f = families.get(name);
        if (f == null && name.endsWith("_total")) {
            f = families.get(name.substring(0, name.length() - 6));
        }
        return f;
    }

    private void run(String text) {
        String[] lines = text.split("\n", -1);
        boolean eof = false;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int no = i + 1;
            if (eof) {
                if (!l.isEmpty()) {
                    throw new IllegalArgumentException("line " + no + ": content after # EOF");
                }
                continue;
            }
            if (l.isEmpty()) {
                if (openMetrics && i != lines.length - 1) {
                    throw new IllegalArgumentException("line " + no + ": empty line in OpenMetrics");
                }
                continue;
            }
            if (l.equals("# EOF")) {
                eof = true;
                continue;
            }
            if (l.startsWith("#")) {
                String[] p = l.split(" ", 4);
                if (p.length >= 3 && (p[1].equals("TYPE") || p[1].equals("HELP") || p[1].equals("UNIT"))) {
                    checkName(p[2], no);
                    Family f = families.computeIfAbsent(p[2], Family::new);
                    if (p[1].equals("TYPE")) {
                        if (p.length < 4) {
                            throw new IllegalArgumentException("line " + no + ": TYPE without a type");
                        }
                        if (!f.samples.isEmpty()) {
                            throw new IllegalArgumentException("line " + no + ": TYPE after samples of " + p[2]);
                        }
                        String t = p[3].trim();
                        if (!List.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram").contains(t)) {
                            throw new IllegalArgumentException("line " + no + ": unknown type " + t);
                        }
                        f.type = t;
                    } else if (p[1].equals("HELP")) {
                        f.help = p.length > 3 ? p[3] : "";
                    }
                } else if (openMetrics) {
                    throw new IllegalArgumentException("line " + no + ": comment not allowed in OpenMetrics: " + l);
                }
                continue;
            }
            sample(l, no);
        }
        if (openMetrics && !eof) {
            throw new IllegalArgumentException("OpenMetrics exposition does not end with # EOF");
        }
        for (Family f : families.values()) {
            if (f.type.equals("histogram")) {
                checkHistogram(f);
            }
        }
    }

    private void sample(String l, int no) {
        int i = 0;
        while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ') {
            i++;
        }
        String name = l.substring(0, i);
        checkName(name, no);
        Map<String, String> labels = new TreeMap<>();
        if (i < l.length() && l.charAt(i) == '{') {
            i = labels(l, i, labels, no);
        }
        if (i >= l.length() || l.charAt(i) != ' ') {
            throw new IllegalArgumentException("line " + no + ": expected a space before the value: " + l);
        }
        String rest = l.substring(i + 1);
        Map<String, String> exemplar = null;
        int hash = rest.indexOf(" # ");
        if (hash >= 0) {
            if (!openMetrics) {
                throw new IllegalArgumentException("line " + no + ": exemplar in text 0.0.4");
            }
            String ex = rest.substring(hash + 3);
            rest = rest.substring(0, hash);
            exemplar = new TreeMap<>();
            int end = labels(ex, 0, exemplar, no);
            String[] ev = ex.substring(end).trim().split(" ");
            parseFloat(ev[0]);
            int len = 0;
            for (Map.Entry<String, String> e : exemplar.entrySet()) {
                len += e.getKey().length() + e.getValue().length();
            }
            if (len > 128) {
                throw new IllegalArgumentException("line " + no + ": exemplar labels longer than 128 characters");
            }
        }
        String[] vt = rest.split(" ");
        if (vt.length > 2) {
            throw new IllegalArgumentException("line " + no + ": too many fields: " + l);
        }
        double v;
        try {
            v = parseFloat(vt[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + no + ": bad value " + vt[0]);
        }
        Family f = owner(name);
        if (f == null) {
            throw new IllegalArgumentException("line " + no + ": sample " + name + " has no # TYPE family");
        }
        f.samples.add(new Sample(name, labels, v, exemplar));
    }

    private Family owner(String name) {
        Family f = families.get(name);
        if (f != null && !f.type.equals("histogram") && !f.type.equals("summary") && !(openMetrics && f.type.equals("counter"))) {
            return f;
        }
        for (String suffix : new String[] {"_total", "_created", "_bucket", "_count", "_sum", "_info"}) {
            if (name.endsWith(suffix)) {
                Family g = families.get(name.substring(0, name.length() - suffix.length()));
                if (g == null) {
                    continue;
                }
                boolean ok = switch (g.type) {
                    case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                    case "histogram" -> suffix.equals("_bucket") || suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
                    case "summary" -> suffix.equals("_count") || suffix.equals("_sum") || suffix.equals("_created");
                    case "info" -> suffix.equals("_info");
                    default -> false;
                };
                if (ok) {
                    return g;
                }
            }
        }
        return f != null && (f.type.equals("summary") || f.type.equals("counter")) ? f : null;
    }

    private static int labels(String l, int i, Map<String, String> out, int no) {
        if (l.charAt(i) != '{') {
            throw new IllegalArgumentException("line " + no + ": expected {");
        }
        i++;
        while (true) {
            if (l.charAt(i) == '}') {
                return i + 1;
            }
            int eq = l.indexOf('=', i);
            String name = l.substring(i, eq);
            if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("line " + no + ": bad label name " + name);
            }
            if (l.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("line " + no + ": label value not quoted");
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            while (l.charAt(j) != '"') {
                char c = l.charAt(j);
                if (c == '\\') {
                    char n = l.charAt(j + 1);
                    v.append(switch (n) {
                        case 'n' -> '\n';
                        case '\\' -> '\\';
                        case '"' -> '"';
                        default -> throw new IllegalArgumentException("line " + no + ": bad escape \\" + n);
                    });
                    j += 2;
                } else {
                    v.append(c);
                    j++;
                }
            }
            if (out.put(name, v.toString()) != null) {
                throw new IllegalArgumentException("line " + no + ": duplicate label " + name);
            }
            i = j + 1;
            if (l.charAt(i) == ',') {
                i++;
            } else if (l.charAt(i) != '}') {
                throw new IllegalArgumentException("line " + no + ": expected , or }");
            }
        }
    }

    private static void checkName(String name, int no) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("line " + no + ": bad metric name " + name);
        }
    }

    static double parseFloat(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<double[]>> series = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples) {
            Map<String, String> key = new TreeMap<>(s.labels());
            key.remove("le");
            if (s.name().endsWith("_bucket")) {
                String le = s.labels().get("le");
                if (le == null) {
                    throw new IllegalArgumentException(f.name + ": bucket without le");
                }
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {parseFloat(le), s.value()});
            } else if (s.name().endsWith("_count")) {
                counts.put(key, s.value());
            }
        }
        for (Map.Entry<Map<String, String>, List<double[]>> e : series.entrySet()) {
            List<double[]> b = e.getValue();
            for (int i = 1; i < b.size(); i++) {
                if (b.get(i)[0] <= b.get(i - 1)[0] || b.get(i)[1] < b.get(i - 1)[1]) {
                    throw new IllegalArgumentException(f.name + e.getKey() + ": buckets not ascending/cumulative");
                }
            }
            double[] last = b.get(b.size() - 1);
            if (!Double.isInfinite(last[0])) {
                throw new IllegalArgumentException(f.name + e.getKey() + ": last bucket is not +Inf");
            }
            Double c = counts.get(e.getKey());
            if (c == null || c != last[1]) {
                throw new IllegalArgumentException(f.name + e.getKey() + ": _count " + c + " != +Inf bucket " + last[1]);
            }
        }
    }
}
