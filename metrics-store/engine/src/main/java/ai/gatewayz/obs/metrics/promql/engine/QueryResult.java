package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.promql.parser.ValueType;
import java.util.List;

/**
 * The outcome of a query: exactly one of scalar, string, vector or matrix (by {@link #type()}),
 * plus annotations. Immutable.
 */
public record QueryResult(ValueType type, long scalarTime, double scalar, String string,
                          List<Sample> vector, List<SeriesPoints> matrix, List<String> warnings, List<String> infos) {

    /** One vector element: a float {@code v}, or a native histogram {@code h} (non-null; {@code v} then NaN). */
    public record Sample(Labels labels, long t, double v, Histogram h) {
        public Sample(Labels labels, long t, double v) {
            this(labels, t, v, null);
        }
    }

    /**
     * One matrix series: parallel arrays of timestamps (ms) and float values, and apart from them
     * the native histogram points (timestamps {@code ht}, values {@code h}; empty for float series),
     * as Prometheus's API lists "values" and "histograms" separately.
     */
    public record SeriesPoints(Labels labels, long[] t, double[] v, long[] ht, Histogram[] h) {
        private static final long[] NO_T = {};
        private static final Histogram[] NO_H = {};

        public SeriesPoints(Labels labels, long[] t, double[] v) {
            this(labels, t, v, NO_T, NO_H);
        }

        /** Float points. */
        public int size() {
            return t.length;
        }
    }
}
