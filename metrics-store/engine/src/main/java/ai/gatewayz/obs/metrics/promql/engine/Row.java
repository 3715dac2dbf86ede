package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;

/**
 * One series of an instant-vector value across all evaluation steps. A step holds a float
 * ({@code has[i]}, value {@code v[i]}) or a native histogram ({@code h[i]} non-null, {@code has[i]}
 * false), never both; {@code h} stays null for float-only rows, so float code paths never see
 * histograms (Prometheus's float functions skip histogram samples likewise). Mutable,
 * evaluator-internal.
 */
final class Row {
    Labels labels;
    final double[] v;
    final boolean[] has;
    /** Histogram per step, null until the row holds one. */
    Histogram[] h;
    /** Sample timestamps per step, only kept for plain selectors (timestamp() needs them). */
    long[] ts;

    Row(Labels labels, int steps) {
        this.labels = labels;
        this.v = new double[steps];
        this.has = new boolean[steps];
    }

    /** Steps holding a float or a histogram. */
    int count() {
        int c = 0;
        for (int i = 0; i < has.length; i++) {
            if (has[i] || h != null && h[i] != null) {
                c++;
            }
        }
        return c;
    }

    void set(int step, double value) {
        v[step] = value;
        has[step] = true;
    }

    void setHistogram(int step, Histogram value) {
        if (h == null) {
            h = new Histogram[has.length];
        }
        h[step] = value;
    }

    /** The histogram at {@code step}, or null. */
    Histogram hist(int step) {
        return h == null ? null : h[step];
    }

    /** Whether a float or a histogram is present at {@code step}. */
    boolean present(int step) {
        return has[step] || h != null && h[step] != null;
    }

    boolean hasHistograms() {
        return h != null;
    }
}
