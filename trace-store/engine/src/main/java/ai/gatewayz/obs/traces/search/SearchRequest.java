package ai.gatewayz.obs.traces.search;

import java.util.Map;

/**
 * One {@code /api/search}: a TraceQL query, or (when {@code query} is null) Tempo's legacy tag
 * search ({@code tags} all on one span; trace duration within min/max, 0 = unbounded).
 */
public record SearchRequest(String query, Map<String, String> tags, long minDurationNanos, long maxDurationNanos,
        long startNanos, long endNanos, int limit, int spansPerSpanset) {
}
