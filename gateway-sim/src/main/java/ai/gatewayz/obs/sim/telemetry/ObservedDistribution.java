package ai.gatewayz.obs.sim.telemetry;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every value a histogram family observed, kept in logarithmic bins 0.5% wide (values {@code <= 0}
 * in one bin of their own), so a quantile of what was observed is known to within 0.25% at bounded
 * memory: a family spanning 1 ms to 2 min needs at most about 2,400 bins. The nearest-rank quantile
 * is reported as the bin's centre. Not thread-safe: {@link ClassicHistogram} guards it.
 */
final class ObservedDistribution {
    private static final double GAMMA = 1.005;
    private static final double LOG_GAMMA = Math.log(GAMMA);
    private static final int NON_POSITIVE = Integer.MIN_VALUE;

    private final TreeMap<Integer, long[]> bins = new TreeMap<>();
    private long count;
    private double sum;

    void add(double value) {
        int bin = value > 0 ? (int) Math.ceil(Math.log(value) / LOG_GAMMA) : NON_POSITIVE;
        bins.computeIfAbsent(bin, k -> new long[1])[0]++;
        count++;
        sum += value;
    }

    long count() {
        return count;
    }

    double sum() {
        return sum;
    }

    /** The nearest-rank {@code q}-quantile, NaN when nothing was observed. */
    double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (Map.Entry<Integer, long[]> e : bins.entrySet()) {
            seen += e.getValue()[0];
            if (seen >= rank) {
                return centre(e.getKey());
            }
        }
        return centre(bins.lastKey());
    }

    private static double centre(int bin) {
        if (bin == NON_POSITIVE) {
            return 0;
        }
        // bin i holds (GAMMA^(i-1), GAMMA^i]; this point is at most (GAMMA-1)/(GAMMA+1) from either edge, relatively
        return 2 * Math.pow(GAMMA, bin) / (GAMMA + 1);
    }
}
