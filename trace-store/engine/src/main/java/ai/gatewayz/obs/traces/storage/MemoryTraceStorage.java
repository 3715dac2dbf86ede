package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Everything in heap maps; nothing survives close. The reference for the contract suite. */
public final class MemoryTraceStorage implements TraceStorage {
    private final Map<String, Map<TraceId, Map<Long, Span>>> tenants = new ConcurrentHashMap<>();

    @Override
    public void append(String tenant, List<Span> spans) {
        Map<TraceId, Map<Long, Span>> traces = tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        for (Span s : spans) {
            Map<Long, Span> trace = traces.computeIfAbsent(s.traceId(), id -> new LinkedHashMap<>());
            synchronized (trace) {
                trace.putIfAbsent(s.spanId(), s);
            }
        }
    }

    @Override
    public List<Span> trace(String tenant, TraceId id, long startNanos, long endNanos) {
        Map<TraceId, Map<Long, Span>> traces = tenants.get(tenant);
        Map<Long, Span> trace = traces == null ? null : traces.get(id);
        if (trace == null) {
            return List.of();
        }
        List<Span> spans = copy(trace);
        return TraceMerge.overlaps(spans, startNanos, endNanos) ? spans : List.of();
    }

    @Override
    public void scan(String tenant, long startNanos, long endNanos, TraceVisitor visitor) {
        Map<TraceId, Map<Long, Span>> traces = tenants.get(tenant);
        if (traces == null) {
            return;
        }
        for (Map.Entry<TraceId, Map<Long, Span>> e : traces.entrySet()) {
            List<Span> spans = copy(e.getValue());
            if (TraceMerge.overlaps(spans, startNanos, endNanos) && !visitor.visit(e.getKey(), spans)) {
                return;
            }
        }
    }

    private static List<Span> copy(Map<Long, Span> trace) {
        List<Span> spans;
        synchronized (trace) {
            spans = new ArrayList<>(trace.values());
        }
        spans.sort(TraceMerge.ORDER);
        return spans;
    }

    @Override
    public List<String> tenants() {
        return tenants.keySet().stream().sorted().toList();
    }

    @Override
    public void maintain() {
    }

    @Override
    public void close() {
    }
}
