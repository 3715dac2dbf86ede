package ai.gatewayz.obs.logs.logql.eval;

import ai.gatewayz.obs.common.Labels;

/** One series over the evaluation steps: a value where {@code has[i]}. Mutable while an operator builds it; owned by the evaluator. */
final class Series {
    final Labels labels;
    final double[] v;
    final boolean[] has;

    Series(Labels labels, int steps) {
        this.labels = labels;
        this.v = new double[steps];
        this.has = new boolean[steps];
    }

    void set(int i, double value) {
        v[i] = value;
        has[i] = true;
    }

    boolean empty() {
        for (boolean b : has) {
            if (b) {
                return false;
            }
        }
        return true;
    }
}
