package ai.gatewayz.obs.metrics.rules.testsupport;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST SUPPORT ONLY — a tiny instant-query evaluator standing in for the PromQL engine until it is
 * merged. It follows PromQL semantics for the few forms it accepts and rejects everything else with
 * {@link Unsupported}: number literals, {@code vector(N)}, {@code time()}, instant selectors
 * ({@code name{a="b", c=~"x"}}, 5m lookback, staleness markers end a series) optionally followed by a
 * filtering comparison with a number ({@code > < >= <= == !=}, metric name kept as PromQL does).
 */
public final class SelectorQueryFunc implements StorageQueryFunc {
    public static final long LOOKBACK_MS = 5 * 60_000;
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|Inf|NaN)");
    private static final Pattern VECTOR = Pattern.compile("vector\\(\\s*(" + NUMBER.pattern() + ")\\s*\\)");
    private static final Pattern CMP = Pattern.compile("^(.*?)\\s*(==|!=|>=|<=|>|<)\\s*(" + NUMBER.pattern() + ")$", Pattern.DOTALL);
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*(\\{(.*)})?", Pattern.DOTALL);
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')\\s*(,|$)");

    /** Thrown for expressions beyond this evaluator: such cases need the real PromQL engine. */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String expr) {
            super("unsupported by the test-support query engine (needs real PromQL): " + expr);
        }
    }

    @Override
    public List<VectorSample> query(Storage storage, String expr, long t) {
        String e = expr.strip();
        if (NUMBER.matcher(e).matches()) {
            return List.of(new VectorSample(Labels.EMPTY, t, parse(e)));
        }
        if (e.equals("time()")) {
            return List.of(new VectorSample(Labels.EMPTY, t, t / 1000.0));
        }
        Matcher v = VECTOR.matcher(e);
        if (v.matches()) {
            return List.of(new VectorSample(Labels.EMPTY, t, parse(v.group(1))));
        }
        Matcher c = CMP.matcher(e);
        if (c.matches()) {
            List<VectorSample> in = select(storage, c.group(1).strip(), t, expr);
            double rhs = parse(c.group(3));
            List<VectorSample> out = new ArrayList<>();
            for (VectorSample s : in) {
                double x = s.value();
                boolean keep = switch (c.group(2)) {
                    case "==" -> x == rhs;
                    case "!=" -> x != rhs;
                    case ">" -> x > rhs;
                    case "<" -> x < rhs;
                    case ">=" -> x >= rhs;
                    default -> x <= rhs;
                };
                if (keep) {
                    out.add(s);
                }
            }
            return out;
        }
        return select(storage, e, t, expr);
    }

    private static double parse(String n) {
        return switch (n.replace("+", "")) {
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(n);
        };
    }

    private static List<VectorSample> select(Storage storage, String sel, long t, String expr) {
        Matcher m = SELECTOR.matcher(sel);
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            throw new Unsupported(expr);
        }
        List<LabelMatcher> ms = new ArrayList<>();
        if (m.group(1) != null) {
            ms.add(LabelMatcher.eq(Labels.METRIC_NAME, m.group(1)));
        }
        if (m.group(3) != null && !m.group(3).isBlank()) {
            Matcher mm = MATCHER.matcher(m.group(3));
            int pos = 0;
            while (pos < m.group(3).length() && mm.find(pos) && mm.start() == pos) {
                String raw = mm.group(3);
                String val = raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                ms.add(LabelMatcher.of(switch (mm.group(2)) {
                    case "=" -> LabelMatcher.Type.EQ;
                    case "!=" -> LabelMatcher.Type.NEQ;
                    case "=~" -> LabelMatcher.Type.RE;
                    default -> LabelMatcher.Type.NRE;
                }, mm.group(1), val));
                pos = mm.end();
            }
            if (pos != m.group(3).length()) {
                throw new Unsupported(expr);
            }
        }
        List<VectorSample> out = new ArrayList<>();
        try (Querier q = storage.querier(t - LOOKBACK_MS + 1, t)) {
            SeriesSet set = q.select(true, ms);
            SampleIterator reuse = null;
            while (set.next()) {
                SampleIterator it = set.at().iterator(reuse);
                reuse = it;
                boolean have = false;
                double last = 0;
                while (it.next()) {
                    if (it.t() > t) {
                        break;
                    }
                    have = true;
                    last = it.v();
                }
                if (have && Double.doubleToRawLongBits(last) != 0x7ff0000000000002L) {
                    out.add(new VectorSample(set.at().labels(), t, last));
                }
            }
        }
        return out;
    }
}
