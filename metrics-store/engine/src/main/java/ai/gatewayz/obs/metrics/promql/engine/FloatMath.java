package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.GoFloat;
import java.util.Arrays;

/** Numeric helpers that reproduce Prometheus's (Go's) float semantics. Stateless. */
final class FloatMath {
    private FloatMath() {
    }

    /** Neumaier-compensated addition; returns the new sum, writes the new compensation to c[0]. */
    static double kahanSumInc(double inc, double sum, double[] c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            c[0] = 0;
        } else if (Math.abs(sum) >= Math.abs(inc)) {
            c[0] += (sum - t) + inc;
        } else {
            c[0] += (inc - t) + sum;
        }
        return t;
    }

    /** Go's math.Pow special cases differ from Java's for a base of 1 or -1 with NaN/Inf exponents. */
    static double pow(double x, double y) {
        if (x == 1 || y == 0) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }

    /** Prometheus's quantile over an unsorted array slice (sorted in place). */
    static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(values, 0, n);
        int nans = 0;
        while (nans < n && Double.isNaN(values[n - 1 - nans])) {
            nans++;
        }
        if (nans > 0 && nans < n) {
            System.arraycopy(values, 0, values, nans, n - nans);
            Arrays.fill(values, 0, nans, Double.NaN);
        }
        double rank = q * (n - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = (int) Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[lower] * (1 - weight) + values[upper] * weight;
    }

    /** Prometheus's value for a float that JSON and label values carry ('f', -1 formatting). */
    static String formatValue(double v) {
        return GoFloat.formatPlain(v);
    }

    /** Incremental mean with Kahan compensation that falls back to a running mean on overflow. */
    static final class Mean {
        private double sum;
        private final double[] c = new double[1];
        private double mean;
        private double count;
        private boolean incremental;

        void reset() {
            sum = 0;
            c[0] = 0;
            mean = 0;
            count = 0;
            incremental = false;
        }

        void add(double f) {
            count++;
            if (count == 1) {
                sum = f;
                return;
            }
            if (!incremental) {
                double[] nc = {c[0]};
                double ns = kahanSumInc(f, sum, nc);
                if (!Double.isInfinite(ns)) {
                    sum = ns;
                    c[0] = nc[0];
                    return;
                }
                incremental = true;
                mean = sum / (count - 1);
                c[0] /= count - 1;
            }
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(f) && (mean > 0) == (f > 0)) {
                    return;
                }
                if (!Double.isInfinite(f) && !Double.isNaN(f)) {
                    return;
                }
            }
            double q = (count - 1) / count;
            c[0] = q * c[0];
            mean = kahanSumInc(f / count, q * mean, c);
        }

        double result() {
            if (incremental) {
                return mean + c[0];
            }
            return sum / count + c[0] / count;
        }
    }
}
