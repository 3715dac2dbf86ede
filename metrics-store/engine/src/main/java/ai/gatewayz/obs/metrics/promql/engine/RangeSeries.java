package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import java.util.Arrays;

/** Raw samples of one series (from a selector or a subquery), growable primitive arrays. */
final class RangeSeries {
    final Labels labels;
    long[] t;
    double[] v;
    int n;

    RangeSeries(Labels labels, int capacity) {
        this.labels = labels;
        this.t = new long[Math.max(capacity, 4)];
        this.v = new double[Math.max(capacity, 4)];
    }

    void add(long ts, double value) {
        if (n == t.length) {
            t = Arrays.copyOf(t, n * 2);
            v = Arrays.copyOf(v, n * 2);
        }
        t[n] = ts;
        v[n] = value;
        n++;
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
