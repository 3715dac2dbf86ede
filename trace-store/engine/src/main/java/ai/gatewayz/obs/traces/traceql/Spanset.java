package ai.gatewayz.obs.traces.traceql;

import java.util.BitSet;
import java.util.List;

/** Spans of one trace (indexes into its {@link TraceView}) that a pipeline stage produced, with group-by values. */
record Spanset(BitSet spans, List<Value> group) {
    Spanset {
        spans = (BitSet) spans.clone();
    }

    int count() {
        return spans.cardinality();
    }
}
