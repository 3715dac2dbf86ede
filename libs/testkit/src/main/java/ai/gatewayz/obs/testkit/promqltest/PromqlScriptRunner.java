package ai.gatewayz.obs.testkit.promqltest;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.testkit.promqltest.EvalOutcome.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs promqltest scripts (load / clear / eval with expectations, see the corpus FORMAT.md)
 * against any {@link PromqlTestEngine} and reports one {@link EvalOutcome} per eval. Native
 * histogram literals ({@code {{...}}}) are loaded and compared ({@link TestHistogram}); evals over
 * {@code load_with_nhcb} data (custom-bucket histograms) are skipped with that reason. Not thread-safe.
 */
public final class PromqlScriptRunner {
    private static final Pattern INSTANT = Pattern.compile(
            "^eval(_fail|_warn|_info|_ordered)?\\s+instant\\s+at\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE = Pattern.compile(
            "^eval(_fail|_warn|_info|_ordered)?\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)$");
    private static final Pattern EXPECT = Pattern.compile("^expect\\s+(fail|warn|info|no_warn|no_info|ordered)(?:\\s+(msg|regex):(.*))?$");
    private static final Pattern EXPECT_RANGE = Pattern.compile("^expect\\s+range\\s+vector\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)$");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final double EPS = 1e-6;

    private final PromqlTestEngine engine;
    private final boolean rangeModeCheck;

    public PromqlScriptRunner(PromqlTestEngine engine) {
        this(engine, false);
    }

    /**
     * With {@code rangeModeCheck}, every passing instant eval is re-run as a range query from t-1m
     * to t+1m step 1m and the middle step must match the same expectations (the upstream runner's
     * range-mode check, FORMAT.md section 7).
     */
    public PromqlScriptRunner(PromqlTestEngine engine, boolean rangeModeCheck) {
        this.engine = engine;
        this.rangeModeCheck = rangeModeCheck;
    }

    private record Expectation(String kind, String matchType, String text) {
    }

    private static final class Eval {
        int line;
        String expr;
        boolean range;
        long time;
        long start;
        long end;
        long step;
        boolean ordered;
        boolean fail;
        String failMsg;
        String failRegex;
        Double scalar;
        String string;
        boolean hasString;
        boolean rangeVector;
        long rvFrom;
        long rvTo;
        long rvStep;
        final List<Expectation> annotations = new ArrayList<>();
        /** Expected values per series: Double or TestHistogram per step. */
        final Map<Labels, List<Object>> series = new LinkedHashMap<>();
        boolean histogram;
        String defect;
    }

    /** Runs one script; outcomes are in file order. */
    public List<EvalOutcome> run(String file, String content) {
        String[] raw = content.split("\n", -1);
        String[] lines = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            String t = raw[i].trim();
            lines[i] = t.startsWith("#") ? "" : t;
        }
        List<EvalOutcome> out = new ArrayList<>();
        engine.clear();
        Set<String> histogramNames = new HashSet<>();
        String abort = null;
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            if (l.isEmpty()) {
                i++;
                continue;
            }
            String word = l.split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
            if (word.equals("clear")) {
                engine.clear();
                histogramNames.clear();
                i++;
                continue;
            }
            int blockEnd = i + 1;
            while (blockEnd < lines.length && !lines[blockEnd].isEmpty()) {
                blockEnd++;
            }
            if (word.startsWith("load")) {
                if (abort == null) {
                    try {
                        load(lines, i, blockEnd, histogramNames);
                    } catch (RuntimeException e) {
                        abort = "load at line " + (i + 1) + " not supported: " + e.getMessage();
                    }
                }
                i = blockEnd;
                continue;
            }
            if (word.startsWith("eval")) {
                Eval ev;
                try {
                    ev = parseEval(lines, i, blockEnd);
                } catch (RuntimeException e) {
                    out.add(new EvalOutcome(file, i + 1, l, Status.SKIP, "cannot parse eval: " + e.getMessage()));
                    i = blockEnd;
                    continue;
                }
                if (abort != null) {
                    out.add(new EvalOutcome(file, ev.line, ev.expr, Status.SKIP, abort));
                } else if (ev.histogram) {
                    out.add(new EvalOutcome(file, ev.line, ev.expr, Status.SKIP, "expects native histogram values"));
                } else if (touches(ev.expr, histogramNames)) {
                    out.add(new EvalOutcome(file, ev.line, ev.expr, Status.SKIP,
                            "queries native histograms with custom buckets (custom_values or load_with_nhcb)"));
                } else {
                    String reason = check(ev);
                    if (reason == null && rangeModeCheck) {
                        reason = rangeMode(ev);
                    }
                    out.add(new EvalOutcome(file, ev.line, ev.expr, reason == null ? Status.PASS : Status.FAIL, reason));
                }
                i = blockEnd;
                continue;
            }
            throw new IllegalArgumentException(file + ":" + (i + 1) + ": unknown command: " + l);
        }
        return out;
    }

    private static boolean touches(String expr, Set<String> names) {
        if (names.isEmpty()) {
            return false;
        }
        Matcher m = IDENT.matcher(expr);
        while (m.find()) {
            if (names.contains(m.group())) {
                return true;
            }
        }
        for (String n : names) {
            if (expr.contains("\"" + n + "\"")) {
                return true;
            }
        }
        return false;
    }

    private void load(String[] lines, int from, int to, Set<String> histogramNames) {
        String[] head = lines[from].split("\\s+");
        boolean nhcb = head[0].equalsIgnoreCase("load_with_nhcb");
        long step = Durations.parse(head[1]);
        Map<Labels, PromqlTestEngine.LoadedSeries> series = new LinkedHashMap<>();
        for (int i = from + 1; i < to; i++) {
            String[] parts = SeriesParser.split(lines[i]);
            if (parts[0].endsWith("@st")) {
                throw new UnsupportedOperationException("start timestamps (@st)");
            }
            Labels labels = SeriesParser.parseLabels(parts[0]);
            List<Object> vals;
            try {
                vals = SeriesParser.parseMixed(parts[1]);
            } catch (UnsupportedOperationException e) {
                histogramNames.add(labels.metricName()); // custom-bucket histograms: evals over them are skipped
                continue;
            }
            List<Long> ts = new ArrayList<>();
            List<Object> vs = new ArrayList<>();
            boolean anyHistogram = false;
            for (int k = 0; k < vals.size(); k++) {
                Object v = vals.get(k);
                if (v instanceof Double d && SeriesParser.isGap(d)) {
                    continue;
                }
                anyHistogram |= v instanceof TestHistogram;
                ts.add(k * step);
                vs.add(v);
            }
            long[] t = new long[ts.size()];
            double[] v = new double[vs.size()];
            TestHistogram[] h = anyHistogram ? new TestHistogram[vs.size()] : null;
            for (int k = 0; k < t.length; k++) {
                t[k] = ts.get(k);
                if (vs.get(k) instanceof TestHistogram th) {
                    h[k] = th;
                    v[k] = Double.NaN;
                } else {
                    v[k] = (Double) vs.get(k);
                }
            }
            series.put(labels, new PromqlTestEngine.LoadedSeries(labels, t, v, h));
        }
        if (nhcb) {
            for (Labels l : series.keySet()) {
                String name = l.metricName();
                for (String suffix : List.of("_bucket", "_count", "_sum")) {
                    if (name.endsWith(suffix)) {
                        histogramNames.add(name.substring(0, name.length() - suffix.length()));
                    }
                }
            }
        }
        engine.load(new ArrayList<>(series.values()));
    }

    private Eval parseEval(String[] lines, int from, int to) {
        Eval ev = new Eval();
        ev.line = from + 1;
        String head = lines[from];
        Matcher m = INSTANT.matcher(head);
        String variant;
        if (m.matches()) {
            variant = m.group(1);
            ev.time = Durations.parse(m.group(2));
            ev.expr = m.group(3).trim();
        } else {
            m = RANGE.matcher(head);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad eval header: " + head);
            }
            variant = m.group(1);
            ev.range = true;
            ev.start = Durations.parse(m.group(2));
            ev.end = Durations.parse(m.group(3));
            ev.step = Durations.parse(m.group(4));
            ev.expr = m.group(5).trim();
        }
        if (variant != null) {
            switch (variant) {
                case "_fail" -> ev.fail = true;
                case "_ordered" -> ev.ordered = true;
                case "_warn" -> ev.annotations.add(new Expectation("warn", null, null));
                case "_info" -> ev.annotations.add(new Expectation("info", null, null));
                default -> {
                }
            }
        }
        for (int i = from + 1; i < to; i++) {
            String l = lines[i];
            if (l.startsWith("expected_fail_message")) {
                ev.failMsg = l.substring("expected_fail_message".length()).trim();
                break;
            }
            if (l.startsWith("expected_fail_regexp")) {
                ev.failRegex = l.substring("expected_fail_regexp".length()).trim();
                break;
            }
            Matcher rv = EXPECT_RANGE.matcher(l);
            if (rv.matches()) {
                ev.rangeVector = true;
                ev.rvFrom = Durations.parse(rv.group(1));
                ev.rvTo = Durations.parse(rv.group(2));
                ev.rvStep = Durations.parse(rv.group(3));
                continue;
            }
            if (l.startsWith("expect string")) {
                String lit = l.substring("expect string".length()).trim();
                ev.string = SeriesParser.unquote(lit);
                ev.hasString = true;
                continue;
            }
            Matcher ex = EXPECT.matcher(l);
            if (ex.matches()) {
                String kind = ex.group(1);
                String mt = ex.group(2);
                String text = ex.group(3) == null ? null : ex.group(3).trim();
                switch (kind) {
                    case "fail" -> {
                        ev.fail = true;
                        if ("msg".equals(mt)) {
                            ev.failMsg = text;
                        } else if ("regex".equals(mt)) {
                            ev.failRegex = text;
                        }
                    }
                    case "ordered" -> ev.ordered = true;
                    default -> ev.annotations.add(new Expectation(kind, mt, text));
                }
                continue;
            }
            if (l.split("\\s+")[0].equals("expect")) {
                throw new IllegalArgumentException("unknown expectation: " + l);
            }
            if (isNumber(l)) {
                ev.scalar = SeriesParser.number(l);
                break;
            }
            String[] parts = SeriesParser.split(l);
            ev.series.put(SeriesParser.parseLabels(parts[0]), SeriesParser.parseMixed(parts[1]));
        }
        return ev;
    }

    private static boolean isNumber(String l) {
        if (l.contains(" ") || l.contains("\t") || l.contains("{")) {
            return false;
        }
        try {
            SeriesParser.number(l);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Returns null on success, or why the eval failed. */
    private String check(Eval ev) {
        PromqlTestEngine.Result r;
        try {
            long at = ev.rangeVector ? ev.rvTo : ev.time;
            r = ev.range ? engine.range(ev.expr, ev.start, ev.end, ev.step) : engine.instant(ev.expr, at);
        } catch (RuntimeException e) {
            if (!ev.fail) {
                return "unexpected error: " + e.getMessage();
            }
            String msg = e.getMessage() == null ? "" : e.getMessage().trim();
            if (ev.failMsg != null && !msg.equals(ev.failMsg)) {
                return "expected error message '" + ev.failMsg + "', got '" + msg + "'";
            }
            if (ev.failRegex != null && !Pattern.compile(ev.failRegex).matcher(msg).find()) {
                return "expected error matching '" + ev.failRegex + "', got '" + msg + "'";
            }
            return null;
        }
        if (ev.fail) {
            return "expected an error, query succeeded";
        }
        String ann = checkAnnotations(ev, r);
        if (ann != null) {
            return ann;
        }
        if (ev.scalar != null) {
            if (!(r instanceof PromqlTestEngine.Scalar s)) {
                return "expected scalar, got " + kind(r);
            }
            return almostEqual(ev.scalar, s.value()) ? null : "expected scalar " + ev.scalar + ", got " + s.value();
        }
        if (ev.hasString) {
            if (!(r instanceof PromqlTestEngine.Str s)) {
                return "expected string, got " + kind(r);
            }
            return ev.string.equals(s.value()) ? null : "expected string '" + ev.string + "', got '" + s.value() + "'";
        }
        if (ev.range || ev.rangeVector) {
            if (!(r instanceof PromqlTestEngine.Matrix mx)) {
                return "expected matrix, got " + kind(r);
            }
            long start = ev.range ? ev.start : ev.rvFrom;
            long step = ev.range ? ev.step : ev.rvStep;
            return checkMatrix(ev, mx, start, step);
        }
        if (!(r instanceof PromqlTestEngine.Vector v)) {
            return "expected vector, got " + kind(r);
        }
        return checkVector(ev, v);
    }

    private String rangeMode(Eval ev) {
        if (ev.range || ev.fail || ev.ordered || ev.hasString || ev.rangeVector
                || ev.expr.matches("(?s).*\\b(start|end|range|step)\\(\\).*")) {
            return null;
        }
        PromqlTestEngine.Result r;
        try {
            r = engine.range(ev.expr, ev.time - 60_000, ev.time + 60_000, 60_000);
        } catch (RuntimeException e) {
            return "range-mode check: unexpected error: " + e.getMessage();
        }
        if (!(r instanceof PromqlTestEngine.Matrix m)) {
            return "range-mode check: expected matrix, got " + kind(r);
        }
        Map<Labels, Object> actual = new HashMap<>();
        for (PromqlTestEngine.Series s : m.series()) {
            for (int i = 0; i < s.t().length; i++) {
                if (s.t()[i] == ev.time) {
                    actual.put(s.labels(), s.v()[i]);
                }
            }
            for (int i = 0; i < s.ht().length; i++) {
                if (s.ht()[i] == ev.time) {
                    actual.put(s.labels(), s.h()[i]);
                }
            }
        }
        if (ev.scalar != null) {
            Object v = actual.get(Labels.EMPTY);
            return v instanceof Double d && almostEqual(ev.scalar, d) ? null : "range-mode check: scalar " + ev.scalar + " vs " + v;
        }
        if (actual.size() != ev.series.size()) {
            return "range-mode check: expected " + ev.series.size() + " series at t, got " + actual.keySet();
        }
        for (Map.Entry<Labels, List<Object>> e : ev.series.entrySet()) {
            Object v = actual.get(e.getKey());
            String why = v == null ? "missing" : mismatch(e.getValue().get(0), v);
            if (why != null) {
                return "range-mode check: " + e.getKey() + " expected " + e.getValue().get(0) + ", got " + v + " (" + why + ")";
            }
        }
        return null;
    }

    private static String kind(PromqlTestEngine.Result r) {
        return r.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String checkAnnotations(Eval ev, PromqlTestEngine.Result r) {
        for (String k : List.of("warn", "info")) {
            List<String> actual = k.equals("warn") ? r.warnings() : r.infos();
            List<Expectation> exp = new ArrayList<>();
            boolean none = false;
            for (Expectation e : ev.annotations) {
                if (e.kind.equals(k)) {
                    exp.add(e);
                } else if (e.kind.equals("no_" + k)) {
                    none = true;
                }
            }
            if (none && !actual.isEmpty()) {
                return "expected no " + k + " annotations, got " + actual;
            }
            if (exp.isEmpty()) {
                continue;
            }
            if (actual.isEmpty()) {
                return "expected " + k + " annotation, got none";
            }
            for (Expectation e : exp) {
                if (e.matchType == null) {
                    continue;
                }
                boolean found = actual.stream().anyMatch(a -> matches(e, a));
                if (!found) {
                    return "expected " + k + " annotation '" + e.text + "', got " + actual;
                }
            }
            boolean anyUnconstrained = exp.stream().anyMatch(e -> e.matchType == null);
            if (!anyUnconstrained) {
                for (String a : actual) {
                    if (exp.stream().noneMatch(e -> matches(e, a))) {
                        return "unexpected " + k + " annotation '" + a + "'";
                    }
                }
            }
        }
        return null;
    }

    private static boolean matches(Expectation e, String actual) {
        if ("msg".equals(e.matchType)) {
            return actual.trim().equals(e.text);
        }
        return Pattern.compile(e.text).matcher(actual).find();
    }

    private String checkVector(Eval ev, PromqlTestEngine.Vector v) {
        Map<Labels, Object> expected = new HashMap<>();
        List<Labels> order = new ArrayList<>();
        for (Map.Entry<Labels, List<Object>> e : ev.series.entrySet()) {
            List<Object> vals = e.getValue();
            if (vals.size() != 1) {
                return "expected exactly one value for " + e.getKey() + " in an instant eval";
            }
            expected.put(e.getKey(), vals.get(0));
            order.add(e.getKey());
        }
        if (v.samples().size() != expected.size()) {
            return "expected " + expected.size() + " samples, got " + v.samples().size() + ": " + describe(v);
        }
        for (int i = 0; i < v.samples().size(); i++) {
            PromqlTestEngine.Sample s = v.samples().get(i);
            Object want = expected.get(s.labels());
            Object got = s.h() != null ? s.h() : (Object) s.value();
            if (want == null) {
                return "unexpected series " + s.labels() + " (value " + got + ")";
            }
            String why = mismatch(want, got);
            if (why != null) {
                return "series " + s.labels() + ": expected " + want + ", got " + got + " (" + why + ")";
            }
            if (ev.ordered && !order.get(i).equals(s.labels())) {
                return "expected " + order.get(i) + " at position " + i + ", got " + s.labels();
            }
        }
        return null;
    }

    private static String describe(PromqlTestEngine.Vector v) {
        StringBuilder sb = new StringBuilder();
        for (PromqlTestEngine.Sample s : v.samples()) {
            if (sb.length() > 300) {
                sb.append("...");
                break;
            }
            sb.append(s.labels()).append('=').append(s.value()).append(' ');
        }
        return sb.toString().trim();
    }

    private static String checkMatrix(Eval ev, PromqlTestEngine.Matrix mx, long start, long step) {
        Map<Labels, PromqlTestEngine.Series> actual = new HashMap<>();
        for (PromqlTestEngine.Series s : mx.series()) {
            actual.put(s.labels(), s);
        }
        if (actual.size() != ev.series.size()) {
            return "expected " + ev.series.size() + " series, got " + actual.size() + ": " + actual.keySet();
        }
        for (Map.Entry<Labels, List<Object>> e : ev.series.entrySet()) {
            PromqlTestEngine.Series s = actual.get(e.getKey());
            if (s == null) {
                return "missing series " + e.getKey() + "; got " + actual.keySet();
            }
            List<Object> vals = e.getValue();
            int k = 0;
            int hk = 0;
            for (int i = 0; i < vals.size(); i++) {
                Object want = vals.get(i);
                long t = start + i * step;
                if (want instanceof TestHistogram wh) {
                    if (hk >= s.ht().length || s.ht()[hk] != t) {
                        return "series " + e.getKey() + ": expected a histogram at " + t;
                    }
                    String why = wh.mismatch(s.h()[hk]);
                    if (why != null) {
                        return "series " + e.getKey() + " at " + t + ": expected " + wh + ", got " + s.h()[hk] + " (" + why + ")";
                    }
                    hk++;
                    continue;
                }
                double wf = (Double) want;
                if (SeriesParser.isGap(wf)) {
                    continue;
                }
                if (k >= s.t().length) {
                    return "series " + e.getKey() + ": missing point at " + t;
                }
                if (s.t()[k] != t) {
                    return "series " + e.getKey() + ": expected point at " + t + ", got " + s.t()[k];
                }
                if (!almostEqual(wf, s.v()[k])) {
                    return "series " + e.getKey() + " at " + t + ": expected " + wf + ", got " + s.v()[k];
                }
                k++;
            }
            if (k != s.t().length || hk != s.ht().length) {
                return "series " + e.getKey() + ": " + (s.t().length - k + s.ht().length - hk) + " unexpected extra points";
            }
        }
        return null;
    }

    /** Why an actual value (Double or TestHistogram) differs from the expected one, or null. */
    private static String mismatch(Object want, Object got) {
        if (want instanceof TestHistogram wh) {
            return got instanceof TestHistogram gh ? wh.mismatch(gh) : "expected a histogram, got a float";
        }
        if (got instanceof TestHistogram) {
            return "expected a float, got a histogram";
        }
        return almostEqual((Double) want, (Double) got) ? null : "values differ";
    }

    /** The corpus's float comparison (relative 1e-6; stale NaN only equals stale NaN). */
    public static boolean almostEqual(double a, double b) {
        boolean sa = Double.doubleToRawLongBits(a) == SeriesParser.STALE_BITS;
        boolean sb = Double.doubleToRawLongBits(b) == SeriesParser.STALE_BITS;
        if (sa || sb) {
            return sa && sb;
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < EPS * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < EPS;
    }
}
