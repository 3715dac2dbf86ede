package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.parser.Expr;
import ai.gatewayz.obs.metrics.promql.parser.Printer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * histogram_quantile and histogram_fraction: over classic buckets ({@code le} label), as Prometheus's
 * bucketQuantile, and over native histogram samples ({@link NativeHistogramFunctions}).
 */
final class HistogramQuantile {
    private static final double SMALL_DELTA_TOLERANCE = 1e-12;
    private final Evaluator ev;
    private final int n;

    HistogramQuantile(Evaluator ev) {
        this.ev = ev;
        this.n = ev.n;
    }

    private record Bucket(double upper, Row row) {
    }

    List<Row> eval(Expr.Call c) {
        boolean fraction = c.func().name().equals("histogram_fraction");
        double[] q = ev.evalScalar(c.args().get(0));
        double[] upperArg = fraction ? ev.evalScalar(c.args().get(1)) : null;
        Expr bucketsArg = c.args().get(fraction ? 2 : 1);
        List<Row> all = ev.evalVector(bucketsArg);
        List<Row> in = new ArrayList<>(all.size());
        List<Row> nativeOut = new ArrayList<>();
        for (Row r : all) {
            if (r.hasHistograms()) {
                Row o = new Row(r.labels.toBuilder().del(Labels.METRIC_NAME).build(), n);
                boolean floats = false;
                for (int i = 0; i < n; i++) {
                    ai.gatewayz.obs.metrics.model.Histogram h = r.hist(i);
                    if (h != null) {
                        o.set(i, fraction ? NativeHistogramFunctions.fraction(q[i], upperArg[i], h)
                                : NativeHistogramFunctions.quantile(q[i], h));
                    }
                    floats |= r.has[i];
                }
                nativeOut.add(o);
                if (!floats) {
                    continue;
                }
            }
            in.add(r);
        }
        for (int i = 0; i < n && !fraction; i++) {
            if (Double.isNaN(q[i]) || q[i] < 0 || q[i] > 1) {
                ev.warn("quantile value should be between 0 and 1, got " + Printer.formatNumber(q[i]), c.args().get(0));
                break;
            }
        }
        Map<Labels, List<Bucket>> groups = new LinkedHashMap<>();
        for (Row r : in) {
            String le = r.labels.get("le");
            Double upper = le.isEmpty() ? null : GoFloat.parse(le);
            if (upper == null) {
                ev.warn("bucket label \"le\" is missing or has a malformed value of " + Printer.goQuote(le)
                        + " for metric name " + Printer.goQuote(r.labels.metricName()), bucketsArg);
                continue;
            }
            Labels key = r.labels.toBuilder().del("le").del(Labels.METRIC_NAME).build();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(upper, r));
        }
        List<Row> out = new ArrayList<>(groups.size());
        double[] ub = new double[16];
        double[] cnt = new double[16];
        for (Map.Entry<Labels, List<Bucket>> g : groups.entrySet()) {
            List<Bucket> buckets = g.getValue();
            buckets.sort((a, b) -> Double.compare(a.upper, b.upper));
            Row o = new Row(g.getKey(), n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                int k = 0;
                if (ub.length < buckets.size()) {
                    ub = new double[buckets.size()];
                    cnt = new double[buckets.size()];
                }
                for (Bucket b : buckets) {
                    if (b.row.has[i]) {
                        ub[k] = b.upper;
                        cnt[k] = b.row.v[i];
                        k++;
                    }
                }
                if (k == 0) {
                    continue;
                }
                double v = fraction ? bucketFraction(q[i], upperArg[i], ub, cnt, k)
                        : bucketQuantile(q[i], ub, cnt, k, c, g.getKey());
                o.set(i, v);
                any = true;
            }
            if (any) {
                out.add(o);
            }
        }
        out.addAll(nativeOut);
        return ev.mergeSameLabels(out);
    }

    private double bucketQuantile(double q, double[] ub, double[] cnt, int k, Expr.Call c, Labels key) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (!(ub[k - 1] == Double.POSITIVE_INFINITY)) {
            return Double.NaN;
        }
        k = coalesce(ub, cnt, k);
        // ensure monotonicity
        double max = Double.NEGATIVE_INFINITY;
        boolean fixed = false;
        for (int i = 0; i < k; i++) {
            if (cnt[i] > max) {
                max = cnt[i];
            } else if (cnt[i] != max) {
                if (Math.abs(cnt[i] - max) > SMALL_DELTA_TOLERANCE * Math.abs(max)) {
                    fixed = true;
                }
                cnt[i] = max;
            }
        }
        if (fixed) {
            ev.info("input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "
                    + Printer.goQuote(""), c.args().get(1));
        }
        if (k < 2) {
            return Double.NaN;
        }
        double observations = cnt[k - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < k - 1 && !(cnt[b] >= rank)) {
            b++;
        }
        if (b == k - 1) {
            return ub[k - 2];
        }
        if (b == 0 && ub[0] <= 0) {
            return ub[0];
        }
        double bucketStart = 0;
        double bucketEnd = ub[b];
        double count = cnt[b];
        if (b > 0) {
            bucketStart = ub[b - 1];
            count -= cnt[b - 1];
            rank -= cnt[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /**
     * Merges adjacent buckets with the same upper bound (series differing only in other labels),
     * in place; returns the new bucket count.
     */
    private static int coalesce(double[] ub, double[] cnt, int k) {
        int m = 0;
        for (int i = 0; i < k; i++) {
            if (m > 0 && ub[m - 1] == ub[i]) {
                cnt[m - 1] += cnt[i];
            } else {
                ub[m] = ub[i];
                cnt[m] = cnt[i];
                m++;
            }
        }
        return m;
    }

    /** Classic-bucket histogram_fraction: observations in [lower, upper] over all, interpolating linearly. */
    private static double bucketFraction(double lower, double upper, double[] ub, double[] cnt, int k) {
        if (ub[k - 1] != Double.POSITIVE_INFINITY || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        k = coalesce(ub, cnt, k);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, cnt[i]);
            cnt[i] = max;
        }
        double total = cnt[k - 1];
        if (total == 0) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double in = 0;
        for (int i = 0; i < k; i++) {
            double lb = i == 0 ? (ub[0] > 0 ? 0 : Double.NEGATIVE_INFINITY) : ub[i - 1];
            double hb = ub[i];
            double c = i == 0 ? cnt[0] : cnt[i] - cnt[i - 1];
            if (c == 0 || hb <= lower || lb >= upper) {
                continue;
            }
            if (lb >= lower && hb <= upper) {
                in += c;
                continue;
            }
            if (Double.isInfinite(lb) || Double.isInfinite(hb)) {
                // An infinite-width bucket cannot be interpolated; it counts only when the
                // requested range is open on that side too.
                if ((hb == Double.POSITIVE_INFINITY && upper == Double.POSITIVE_INFINITY)
                        || (lb == Double.NEGATIVE_INFINITY && lower == Double.NEGATIVE_INFINITY)) {
                    in += c;
                }
                continue;
            }
            double from = Math.max(lb, lower);
            double to = Math.min(hb, upper);
            in += c * (to - from) / (hb - lb);
        }
        return in / total;
    }

    static double[] copy(double[] a) {
        return Arrays.copyOf(a, a.length);
    }
}
