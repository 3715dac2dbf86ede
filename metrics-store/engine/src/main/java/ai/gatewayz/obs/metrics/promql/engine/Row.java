package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;

/** One series of an instant-vector value across all evaluation steps. Mutable, evaluator-internal. */
final class Row {
    Labels labels;
    final double[] v;
    final boolean[] has;
    /** Sample timestamps per step, only kept for plain selectors (timestamp() needs them). */
    long[] ts;

    Row(Labels labels, int steps) {
        this.labels = labels;
        this.v = new double[steps];
        this.has = new boolean[steps];
    }

    int count() {
        int c = 0;
        for (boolean b : has) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    void set(int step, double value) {
        v[step] = value;
        has[step] = true;
    }
}
