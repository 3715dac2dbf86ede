package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.traces.model.Attr;
import java.util.List;

/**
 * One output series of a TraceQL metrics query. {@code values[i]} belongs to
 * {@code timestampsMs[i]}; NaN marks an interval without data (not written out). A label whose
 * value is empty ({@link ai.gatewayz.obs.traces.model.AttrValue#EMPTY_VALUE}) is a nil label (compare()'s totals). Immutable by convention: arrays are
 * owned by the series and not changed after evaluation.
 *
 * @param labels in order: the by() values, then {@code p} (quantiles), {@code __bucket}
 *     (histograms) or {@code __meta_type} (compare)
 */
public record MetricsSeries(List<Attr> labels, long[] timestampsMs, double[] values, List<Exemplar> exemplars) {
    /** A sampled span behind a series: its trace id (label {@code trace:id}), value and time. */
    public record Exemplar(String traceId, String spanId, double value, long timestampMs) {
    }

    /** Prometheus-style text of the labels, as Tempo's {@code promLabels}: {@code {a="x", b="y"}}. */
    public String promLabels() {
        StringBuilder sb = new StringBuilder("{");
        for (Attr a : labels) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(a.key()).append('=');
            if (a.value().type() == ai.gatewayz.obs.traces.model.AttrValue.Type.EMPTY) {
                sb.append("nil");
            } else {
                String v = a.value().asText();
                sb.append(a.value().type() == ai.gatewayz.obs.traces.model.AttrValue.Type.STRING ? '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : v);
            }
        }
        return sb.append('}').toString();
    }
}
