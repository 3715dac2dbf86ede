package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.parser.ValueType;
import java.util.List;

/**
 * The outcome of a query: exactly one of scalar, string, vector or matrix (by {@link #type()}),
 * plus annotations. Immutable.
 */
public record QueryResult(ValueType type, long scalarTime, double scalar, String string,
                          List<Sample> vector, List<SeriesPoints> matrix, List<String> warnings, List<String> infos) {

    /** One vector element. */
    public record Sample(Labels labels, long t, double v) {
    }

    /** One matrix series: parallel arrays of timestamps (ms) and values. */
    public record SeriesPoints(Labels labels, long[] t, double[] v) {
        public int size() {
            return t.length;
        }
    }
}
