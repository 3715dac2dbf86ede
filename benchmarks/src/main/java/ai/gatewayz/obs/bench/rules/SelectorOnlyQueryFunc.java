package ai.gatewayz.obs.bench.rules;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BENCHMARK STAND-IN for the PromQL engine and its storage index, used only when no real engine is
 * on the class path: answers exactly the two expression forms of the "selector" rule profile,
 * {@code metric{shard="k"}} and {@code metric{shard="k"} > X}, from the generated data held in
 * arrays indexed by (metric, shard), with PromQL's 5m lookback. Numbers measured with it show the
 * rule engine's own cost (state machine, templating, ALERTS and recording write-back), not PromQL's
 * or the TSDB's.
 */
final class SelectorOnlyQueryFunc implements QueryFunc {
    /** One input series: labels and samples in time order. */
    record SeriesData(Labels labels, long[] ts, double[] vs) {
    }

    private final Map<String, List<SeriesData>> byNameAndShard = new HashMap<>();

    void add(String name, String shard, SeriesData s) {
        byNameAndShard.computeIfAbsent(name + "|" + shard, k -> new ArrayList<>()).add(s);
    }

    @Override
    public List<VectorSample> query(String expr, long t) {
        String sel = expr;
        double threshold = Double.NaN;
        int gt = expr.indexOf(" > ");
        if (gt > 0) {
            sel = expr.substring(0, gt);
            threshold = Double.parseDouble(expr.substring(gt + 3).strip());
        }
        int brace = sel.indexOf('{');
        String name = sel.substring(0, brace);
        int q1 = sel.indexOf('"');
        String shard = sel.substring(q1 + 1, sel.indexOf('"', q1 + 1));
        List<VectorSample> out = new ArrayList<>();
        for (SeriesData s : byNameAndShard.getOrDefault(name + "|" + shard, List.of())) {
            int i = upperBound(s.ts, t) - 1;
            if (i < 0 || s.ts[i] <= t - 300_000) {
                continue;
            }
            double v = s.vs[i];
            if (Double.isNaN(threshold) || v > threshold) {
                out.add(new VectorSample(s.labels, t, v));
            }
        }
        return out;
    }

    private static int upperBound(long[] a, long t) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
