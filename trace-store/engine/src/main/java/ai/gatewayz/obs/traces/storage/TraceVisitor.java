package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.List;

/** Receives whole traces from {@link TraceQuerier#scan}. Called on the scanning thread. */
@FunctionalInterface
public interface TraceVisitor {
    /** Returns false to stop the scan. The list is the visitor's to keep. */
    boolean visit(TraceId id, List<Span> spans);

    /**
     * Asked by a storage that visits its data newest first before it reads a part whose traces
     * all start at or before {@code newestStartNanos}: false lets it skip that part (a search
     * that already holds enough newer matches). The default wants everything.
     */
    default boolean wantsTracesStartingBy(long newestStartNanos) {
        return true;
    }
}
