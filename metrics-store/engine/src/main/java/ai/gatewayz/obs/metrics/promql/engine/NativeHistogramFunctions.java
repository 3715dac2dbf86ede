package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.metrics.model.Histogram;

/**
 * histogram_quantile, histogram_fraction, histogram_count/sum/avg and histogram_stddev/stdvar over
 * native histograms, with Prometheus's estimation rules (read from its promql quantile code):
 * exponential buckets interpolate on a log2 scale, the zero bucket linearly (with 0 as a bound
 * when the histogram has buckets on one side only), the variance estimate puts each observation at
 * its bucket's geometric mean (0 in the zero bucket). Stateless and thread-safe.
 */
final class NativeHistogramFunctions {
    private NativeHistogramFunctions() {
    }

    /** One bucket as visited in ascending order. */
    private static final class Cursor {
        double lower;
        double upper;
        double count;
    }

    static double quantile(double q, Histogram h) {
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (h.count() == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        double rank = q * h.count();
        Cursor b = new Cursor();
        double[] acc = {0};
        boolean[] found = {false};
        boolean[] any = {false};
        h.forEachBucket((lo, up, li, ui, c) -> {
            if (found[0]) {
                return;
            }
            any[0] = true;
            b.lower = lo;
            b.upper = up;
            b.count = c;
            acc[0] += c;
            if (acc[0] >= rank) {
                found[0] = true;
            }
        });
        if (!any[0]) {
            return Double.NaN;
        }
        if (b.lower < 0 && b.upper > 0) {
            if (h.negativeBucketCount() == 0 && h.positiveBucketCount() > 0) {
                b.lower = 0;
            } else if (h.positiveBucketCount() == 0 && h.negativeBucketCount() > 0) {
                b.upper = 0;
            }
        }
        double count = Math.min(acc[0], h.count());
        if (count < rank) {
            return b.upper;
        }
        double inBucket = rank - (count - b.count);
        double fraction = inBucket / b.count;
        if (b.lower <= 0 && b.upper >= 0) {
            return b.lower + (b.upper - b.lower) * fraction;
        }
        double logLower = log2(Math.abs(b.lower));
        double logUpper = log2(Math.abs(b.upper));
        if (b.lower > 0) {
            return Math.pow(2, logLower + (logUpper - logLower) * fraction);
        }
        return -Math.pow(2, logUpper + (logLower - logUpper) * (1 - fraction));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static double fraction(double lower, double upper, Histogram h) {
        if (h.count() == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double[] st = new double[3]; // rank, lowerRank, upperRank
        boolean[] set = new boolean[3]; // lowerSet, upperSet, done
        boolean onlyPos = h.negativeBucketCount() == 0 && h.positiveBucketCount() > 0;
        boolean onlyNeg = h.positiveBucketCount() == 0 && h.negativeBucketCount() > 0;
        h.forEachBucket((lo, up, li, ui, c) -> {
            if (set[2]) {
                return;
            }
            boolean zero = lo <= 0 && up >= 0;
            double bl = lo;
            double bu = up;
            if (zero) {
                if (onlyPos) {
                    bl = 0;
                } else if (onlyNeg) {
                    bu = 0;
                }
            }
            if (!set[0] && bl >= lower) {
                st[1] = st[0];
                set[0] = true;
            }
            if (!set[1] && bl >= upper) {
                st[2] = st[0];
                set[1] = true;
            }
            if (set[0] && set[1]) {
                set[2] = true;
                return;
            }
            if (!set[0] && bl < lower && bu > lower) {
                st[1] = interpolate(st[0], c, bl, bu, lower, zero);
                set[0] = true;
            }
            if (!set[1] && bl < upper && bu > upper) {
                st[2] = interpolate(st[0], c, bl, bu, upper, zero);
                set[1] = true;
            }
            if (set[0] && set[1]) {
                set[2] = true;
                return;
            }
            st[0] += c;
        });
        double lowerRank = !set[0] || st[1] > h.count() ? h.count() : st[1];
        double upperRank = !set[1] || st[2] > h.count() ? h.count() : st[2];
        return (upperRank - lowerRank) / h.count();
    }

    private static double interpolate(double rank, double count, double lo, double up, double v, boolean linear) {
        if (linear) {
            return rank + count * (v - lo) / (up - lo);
        }
        double logLower = log2(Math.abs(lo));
        double logUpper = log2(Math.abs(up));
        double logV = log2(Math.abs(v));
        double fraction = v > 0 ? (logV - logLower) / (logUpper - logLower) : 1 - (logV - logUpper) / (logLower - logUpper);
        return rank + count * fraction;
    }

    static double variance(Histogram h) {
        double mean = h.sum() / h.count();
        double[] acc = {0};
        double[] comp = {0};
        h.forEachBucket((lo, up, li, ui, c) -> {
            double val;
            if (lo <= 0 && up >= 0) {
                val = 0;
            } else {
                val = Math.sqrt(up * lo);
                if (up < 0) {
                    val = -val;
                }
            }
            double delta = val - mean;
            acc[0] = FloatMath.kahanSumInc(c * delta * delta, acc[0], comp);
        });
        return (acc[0] + comp[0]) / h.count();
    }
}
