package ai.gatewayz.obs.metrics.model;

/** Special sample values. */
public final class Values {
    /**
     * Prometheus's staleness marker: a NaN with a specific bit pattern. It must be stored and
     * returned with exactly these bits; {@code Double.isNaN} alone cannot tell it from a real NaN.
     */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    private Values() {
    }

    public static boolean isStaleNaN(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }
}
