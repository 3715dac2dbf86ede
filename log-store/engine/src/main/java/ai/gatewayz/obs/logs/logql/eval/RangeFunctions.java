package ai.gatewayz.obs.logs.logql.eval;

import ai.gatewayz.obs.logs.logql.ast.SampleExpr.RangeOp;
import java.util.Arrays;

/** Range aggregation over the samples of one window [from, to) of a series' arrays. Stateless. */
final class RangeFunctions {
    private RangeFunctions() {
    }

    static double apply(RangeOp op, long[] ts, double[] vals, int from, int to, double rangeSeconds, Double param,
            long windowStart, long windowEnd) {
        int n = to - from;
        switch (op) {
            case COUNT_OVER_TIME:
                return n;
            case RATE: {
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += vals[i];
                }
                return sum / rangeSeconds;
            }
            case BYTES_OVER_TIME:
            case SUM_OVER_TIME: {
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += vals[i];
                }
                return sum;
            }
            case BYTES_RATE: {
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += vals[i];
                }
                return sum / rangeSeconds;
            }
            case AVG_OVER_TIME: {
                double sum = 0;
                for (int i = from; i < to; i++) {
                    sum += vals[i];
                }
                return sum / n;
            }
            case MIN_OVER_TIME: {
                double m = vals[from];
                for (int i = from + 1; i < to; i++) {
                    if (vals[i] < m || Double.isNaN(m)) {
                        m = vals[i];
                    }
                }
                return m;
            }
            case MAX_OVER_TIME: {
                double m = vals[from];
                for (int i = from + 1; i < to; i++) {
                    if (vals[i] > m || Double.isNaN(m)) {
                        m = vals[i];
                    }
                }
                return m;
            }
            case STDVAR_OVER_TIME:
            case STDDEV_OVER_TIME: {
                double mean = 0;
                double m2 = 0;
                int count = 0;
                for (int i = from; i < to; i++) {
                    count++;
                    double d = vals[i] - mean;
                    mean += d / count;
                    m2 += d * (vals[i] - mean);
                }
                double var = m2 / count;
                return op == RangeOp.STDVAR_OVER_TIME ? var : Math.sqrt(var);
            }
            case QUANTILE_OVER_TIME:
                return quantile(param, Arrays.copyOfRange(vals, from, to));
            case FIRST_OVER_TIME:
                return vals[from];
            case LAST_OVER_TIME:
                return vals[to - 1];
            case RATE_COUNTER:
                return counterRate(ts, vals, from, to, windowStart, windowEnd, rangeSeconds);
            default:
                throw new IllegalStateException("not a per-series range function [op=" + op + "]");
        }
    }

    /** Prometheus's quantile over values: linear interpolation between closest ranks. */
    static double quantile(double q, double[] values) {
        if (values.length == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(values);
        double rank = q * (values.length - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = (int) Math.min(values.length - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[lower] * (1 - weight) + values[upper] * weight;
    }

    /** Counter rate with resets and Prometheus's extrapolation to the window edges. */
    private static double counterRate(long[] ts, double[] vals, int from, int to, long windowStart, long windowEnd,
            double rangeSeconds) {
        if (to - from < 2) {
            return 0;
        }
        double result = vals[to - 1] - vals[from];
        double prev = vals[from];
        for (int i = from + 1; i < to; i++) {
            if (vals[i] < prev) {
                result += prev;
            }
            prev = vals[i];
        }
        double durationToStart = (ts[from] - windowStart) / 1e9;
        double durationToEnd = (windowEnd - ts[to - 1]) / 1e9;
        double sampled = (ts[to - 1] - ts[from]) / 1e9;
        double avgInterval = sampled / (to - from - 1);
        if (result > 0 && vals[from] >= 0) {
            double durationToZero = sampled * (vals[from] / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = avgInterval * 1.1;
        double extrapolate = sampled;
        extrapolate += durationToStart < threshold ? durationToStart : avgInterval / 2;
        extrapolate += durationToEnd < threshold ? durationToEnd : avgInterval / 2;
        return result * (extrapolate / sampled) / rangeSeconds;
    }
}
