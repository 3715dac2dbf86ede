package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant accounting of live traces (those that received a span within the tenant's
 * {@code traceIdle}) and of their bytes, for the live-trace and trace-size limits. Kept at ingest,
 * independent of the storage, so both storages enforce the same limits; a trace's bytes are
 * forgotten once it goes idle, as the storage cuts it then.
 *
 * <p>Thread-safe: one lock per tenant, so admission (check and reserve) is atomic per tenant and
 * tenants do not contend. Idle traces are swept lazily on admission, at most twice per idle period.
 */
final class LiveTraceLimiter {
    private final Clock clock;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    LiveTraceLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Bytes and last span time of one live trace. */
    private static final class Live {
        long bytes;
        long lastMillis;
    }

    private static final class Tenant {
        final Map<TraceId, Live> traces = new HashMap<>();
        long lastSweepMillis;
    }

    private static void sweep(Tenant t, long now, long idle) {
        t.lastSweepMillis = now;
        for (Iterator<Live> it = t.traces.values().iterator(); it.hasNext();) {
            if (now - it.next().lastMillis >= idle) {
                it.remove();
            }
        }
    }

    /** What admission kept, and what it rejected for size. */
    record Admission(List<Span> kept, int tooLarge, TraceId firstTooLarge, Runnable undo) {
    }

    /**
     * Admits {@code spans} of one export: refuses the whole export (returns {@code null} after
     * reserving nothing) when it would open traces beyond {@code maxLiveTraces}; otherwise reserves
     * the bytes of the kept spans and drops those that would take their trace over
     * {@code maxTraceBytes}. {@link Admission#undo()} releases the reservation (storage failed).
     */
    Admission admit(String tenant, List<Span> spans, TenantLimits l, int[] liveOut) {
        Tenant t = tenants.computeIfAbsent(tenant, k -> new Tenant());
        long now = clock.millis();
        long idle = l.traceIdle().toMillis();
        synchronized (t) {
            if (now - t.lastSweepMillis >= idle / 2) {
                sweep(t, now, idle);
            }
            int opened = 0;
            Map<TraceId, Boolean> seen = new HashMap<>();
            for (Span s : spans) {
                Live live = t.traces.get(s.traceId());
                if ((live == null || now - live.lastMillis >= idle) && seen.putIfAbsent(s.traceId(), Boolean.TRUE) == null) {
                    opened++;
                }
            }
            if (opened > 0 && (long) t.traces.size() + opened > l.maxLiveTraces()) {
                sweep(t, now, idle); // exact count before refusing: idle traces may not be swept yet
                if ((long) t.traces.size() + opened > l.maxLiveTraces()) {
                    liveOut[0] = t.traces.size();
                    return null;
                }
            }
            List<Span> kept = new ArrayList<>(spans.size());
            Map<TraceId, Long> added = new HashMap<>();
            int tooLarge = 0;
            TraceId firstTooLarge = null;
            for (Span s : spans) {
                Live live = t.traces.computeIfAbsent(s.traceId(), k -> new Live());
                if (now - live.lastMillis >= idle) {
                    live.bytes = 0;
                }
                long b = s.approximateBytes();
                if (live.bytes + b > l.maxTraceBytes()) {
                    tooLarge++;
                    firstTooLarge = firstTooLarge == null ? s.traceId() : firstTooLarge;
                } else {
                    live.bytes += b;
                    added.merge(s.traceId(), b, Long::sum);
                    kept.add(s);
                }
                live.lastMillis = now;
            }
            Runnable undo = () -> {
                synchronized (t) {
                    added.forEach((id, b) -> {
                        Live live = t.traces.get(id);
                        if (live != null) {
                            live.bytes = Math.max(0, live.bytes - b);
                        }
                    });
                }
            };
            return new Admission(kept, tooLarge, firstTooLarge, undo);
        }
    }
}
