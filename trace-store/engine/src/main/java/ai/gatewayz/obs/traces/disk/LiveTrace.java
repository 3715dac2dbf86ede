package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.List;

/** A trace still receiving spans, assembled in memory. Guarded by the storage's lock. */
final class LiveTrace {
    final String tenant;
    final List<Span> spans = new ArrayList<>();
    final int firstSegment;
    final long firstAppendMillis;
    long lastAppendMillis;

    LiveTrace(String tenant, int firstSegment, long nowMillis) {
        this.tenant = tenant;
        this.firstSegment = firstSegment;
        this.firstAppendMillis = nowMillis;
        this.lastAppendMillis = nowMillis;
    }
}
