package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.List;

/** Receives whole traces from {@link TraceQuerier#scan}. Called on the scanning thread. */
@FunctionalInterface
public interface TraceVisitor {
    /** Returns false to stop the scan. The list is the visitor's to keep. */
    boolean visit(TraceId id, List<Span> spans);
}
