package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;
import java.util.Arrays;

/**
 * Raw samples of one series (from a selector or a subquery), growable primitive arrays. Native
 * histogram samples sit in time order among the floats with {@code h[k]} non-null ({@code v[k]}
 * then NaN); {@code h} stays null for a float-only series.
 */
final class RangeSeries {
    final Labels labels;
    long[] t;
    double[] v;
    Histogram[] h;
    int n;

    RangeSeries(Labels labels, int capacity) {
        this.labels = labels;
        this.t = new long[Math.max(capacity, 4)];
        this.v = new double[Math.max(capacity, 4)];
    }

    void add(long ts, double value) {
        if (n == t.length) {
            grow();
        }
        t[n] = ts;
        v[n] = value;
        n++;
    }

    void addHistogram(long ts, Histogram value) {
        if (n == t.length) {
            grow();
        }
        if (h == null) {
            h = new Histogram[t.length];
        }
        t[n] = ts;
        v[n] = Double.NaN;
        h[n] = value;
        n++;
    }

    private void grow() {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
        if (h != null) {
            h = Arrays.copyOf(h, n * 2);
        }
    }

    /** The histogram at index {@code k}, or null for a float sample. */
    Histogram hist(int k) {
        return h == null ? null : h[k];
    }

    /** The histogram samples only (empty when it has none). */
    RangeSeries histograms() {
        RangeSeries out = new RangeSeries(labels, 4);
        for (int k = 0; h != null && k < n; k++) {
            if (h[k] != null) {
                out.addHistogram(t[k], h[k]);
            }
        }
        return out;
    }

    /** The float samples only (this series when it has no histograms). */
    RangeSeries floats() {
        if (h == null) {
            return this;
        }
        RangeSeries out = new RangeSeries(labels, n);
        for (int k = 0; k < n; k++) {
            if (h[k] == null) {
                out.add(t[k], v[k]);
            }
        }
        return out;
    }

    /** First index with t > bound. */
    int upperBound(long bound, int from) {
        int lo = from;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
