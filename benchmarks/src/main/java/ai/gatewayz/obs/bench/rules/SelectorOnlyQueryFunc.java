package ai.gatewayz.obs.bench.rules;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.VectorSample;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * BENCHMARK STAND-IN for the PromQL engine, used only when no real engine is on the class path:
 * evaluates exactly the two expression forms of the "selector" rule profile,
 * {@code metric{shard="k"}} and {@code metric{shard="k"} > X}, with PromQL's 5m lookback. Numbers
 * measured with it show the rule engine's own cost (state, templating, write-back), not PromQL's.
 */
final class SelectorOnlyQueryFunc implements StorageQueryFunc {
    @Override
    public List<VectorSample> query(Storage storage, String expr, long t) {
        String sel = expr;
        double threshold = Double.NaN;
        int gt = expr.indexOf(" > ");
        if (gt > 0) {
            sel = expr.substring(0, gt);
            threshold = Double.parseDouble(expr.substring(gt + 3).strip());
        }
        int brace = sel.indexOf('{');
        String name = sel.substring(0, brace);
        String inner = sel.substring(brace + 1, sel.length() - 1);
        int eq = inner.indexOf('=');
        String lname = inner.substring(0, eq);
        String lval = inner.substring(eq + 2, inner.length() - 1);
        List<LabelMatcher> ms = List.of(LabelMatcher.eq(Labels.METRIC_NAME, name), LabelMatcher.eq(lname, lval));
        List<VectorSample> out = new ArrayList<>();
        try (Querier q = storage.querier(t - 300_000 + 1, t)) {
            SeriesSet set = q.select(false, ms);
            SampleIterator reuse = null;
            while (set.next()) {
                SampleIterator it = set.at().iterator(reuse);
                reuse = it;
                boolean have = false;
                double v = 0;
                while (it.next() && it.t() <= t) {
                    have = true;
                    v = it.v();
                }
                if (have && (Double.isNaN(threshold) || v > threshold)) {
                    out.add(new VectorSample(set.at().labels(), t, v));
                }
            }
        }
        return out;
    }
}
