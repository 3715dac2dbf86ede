package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.model.Histogram;

/** A copy of a series' out-of-order histogram samples, ascending by timestamp; immutable by convention. */
record HistogramOoo(long[] t, Histogram[] h) {
}
