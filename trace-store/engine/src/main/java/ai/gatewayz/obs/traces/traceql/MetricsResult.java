package ai.gatewayz.obs.traces.traceql;

import java.util.List;

/** The series a metrics query produced, and how much it read. Immutable. */
public record MetricsResult(List<MetricsSeries> series, long inspectedTraces, long inspectedSpans) {
}
