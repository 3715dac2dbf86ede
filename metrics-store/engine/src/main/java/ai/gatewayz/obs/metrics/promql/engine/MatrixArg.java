package ai.gatewayz.obs.metrics.promql.engine;

import java.util.List;

/**
 * A range-vector argument: raw series plus, per evaluation step, the reference time whose window
 * {@code (ref - range, ref]} is looked at. Stale markers are already removed.
 */
record MatrixArg(List<RangeSeries> series, long[] refs, long rangeMs, String metricNameForInfo) {
}
