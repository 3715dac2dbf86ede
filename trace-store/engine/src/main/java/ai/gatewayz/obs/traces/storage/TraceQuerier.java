package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.List;

/**
 * The read side of trace storage, which TraceQL search, tag discovery and trace-by-id build on.
 *
 * <p>Thread-safe: any number of queries may run at once and concurrently with appends; each
 * sees every span whose append had returned before the query began. Returned lists and spans
 * belong to the caller (spans are immutable). A trace is always whole: spans of one trace that
 * were written at different times (or to different blocks) come back together, once each per
 * span id, ordered by start time then span id.
 *
 * <p>Time bounds are Unix nanoseconds, inclusive; a trace matches when any span overlaps
 * {@code [startNanos, endNanos]}. Pass 0 and {@link Long#MAX_VALUE} for no bound.
 */
public interface TraceQuerier {
    /** The spans of one trace, or an empty list when it is unknown (or outside the bounds). */
    List<Span> trace(String tenant, TraceId id, long startNanos, long endNanos);

    /**
     * The spans of several traces, as {@link #trace} gives them; unknown ones are left out. The
     * default asks for each in turn; a columnar storage decodes each page it needs once.
     */
    default java.util.Map<TraceId, List<Span>> traces(String tenant, java.util.Collection<TraceId> ids, long startNanos, long endNanos) {
        java.util.Map<TraceId, List<Span>> out = new java.util.LinkedHashMap<>();
        for (TraceId id : ids) {
            List<Span> spans = trace(tenant, id, startNanos, endNanos);
            if (!spans.isEmpty()) {
                out.put(id, spans);
            }
        }
        return out;
    }

    /**
     * Calls {@code visitor} once per trace overlapping the bounds, in no particular order,
     * until it returns false.
     */
    void scan(String tenant, long startNanos, long endNanos, TraceVisitor visitor);

    /**
     * As {@link #scan(String, long, long, TraceVisitor)}, but spans may carry only the fields
     * {@code plan} names, and traces that cannot satisfy its skips may be left out (see
     * {@link ScanPlan}). The default ignores the plan and visits whole spans of every trace.
     */
    default void scan(String tenant, long startNanos, long endNanos, ScanPlan plan, TraceVisitor visitor) {
        scan(tenant, startNanos, endNanos, visitor);
    }
}
