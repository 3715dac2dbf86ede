package ai.gatewayz.obs.metrics.model;

/**
 * The fractions {@code f} in {@code [0.5, 1)} of exponential bucket boundaries per schema 1..8
 * ({@code boundary = f × 2^e}), generated once as Prometheus generates its table: the factor
 * {@code 2^(2^-schema)} is computed with a Go-compatible {@code exp2} (fdlibm's argument reduction
 * and polynomial, not Java's correctly rounded {@code Math.pow}); odd positions multiply the
 * previous fraction by the factor, even positions reuse the coarser schema's value (more precise).
 * Equal bits to Prometheus's boundaries are what lets a bucket's bounds print identically in the
 * query API. Immutable, thread-safe.
 */
final class BucketBounds {
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double P1 = 1.66666666666666657415e-01;
    private static final double P2 = -2.77777777770155933842e-03;
    private static final double P3 = 6.61375632143793436117e-05;
    private static final double P4 = -1.65339022054652515390e-06;
    private static final double P5 = 4.13813679705723846039e-08;
    private static final double[][] FRACS = build();

    private BucketBounds() {
    }

    static double frac(int schema, int i) {
        return FRACS[schema][i];
    }

    private static double[][] build() {
        double[][] out = new double[Histogram.MAX_SCHEMA + 1][];
        int buckets = 1;
        for (int s = 0; s <= Histogram.MAX_SCHEMA; s++) {
            double[] b = new double[buckets];
            b[0] = 0.5;
            double factor = exp2(exp2(-s));
            for (int j = 0; j < buckets - 1; j++) {
                b[j + 1] = (j + 1) % 2 == 0 ? out[s - 1][j / 2 + 1] : b[j] * factor;
            }
            out[s] = b;
            buckets *= 2;
        }
        return out;
    }

    /** 2^x for the small arguments used here, with fdlibm's exp reduction (as Go's math.Exp2). */
    static double exp2(double x) {
        int k = 0;
        if (x > 0) {
            k = (int) (x + 0.5);
        } else if (x < 0) {
            k = (int) (x - 0.5);
        }
        double t = x - k;
        double hi = t * LN2_HI;
        double lo = -t * LN2_LO;
        double r = hi - lo;
        double rr = r * r;
        double c = r - rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
        double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
        return Math.scalb(y, k);
    }
}
