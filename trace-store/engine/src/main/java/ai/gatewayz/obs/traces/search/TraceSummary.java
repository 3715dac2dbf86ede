package ai.gatewayz.obs.traces.search;

import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.traceql.SpansetMatch;
import java.util.List;
import java.util.Map;

/** One trace of a search result, with what Tempo reports about it. */
public record TraceSummary(TraceId traceId, String rootServiceName, String rootTraceName, long startNanos, long durationNanos,
        List<SpansetMatch> spansets, Map<String, int[]> serviceStats) {
}
