package ai.gatewayz.obs.traces.model;

import java.util.List;

/**
 * One stored span with its resource and scope, as OTLP defines it. {@code parentSpanId} 0 means
 * a root span. Times are Unix nanoseconds. Immutable; resource and scope objects are shared.
 */
public record Span(
        TraceId traceId,
        long spanId,
        long parentSpanId,
        String traceState,
        int flags,
        String name,
        int kind,
        long startNanos,
        long endNanos,
        List<Attr> attributes,
        int droppedAttributes,
        List<SpanEvent> events,
        int droppedEvents,
        List<SpanLink> links,
        int droppedLinks,
        int statusCode,
        String statusMessage,
        Resource resource,
        Scope scope) {

    public static final int KIND_UNSPECIFIED = 0;
    public static final int KIND_INTERNAL = 1;
    public static final int KIND_SERVER = 2;
    public static final int KIND_CLIENT = 3;
    public static final int KIND_PRODUCER = 4;
    public static final int KIND_CONSUMER = 5;
    public static final int STATUS_UNSET = 0;
    public static final int STATUS_OK = 1;
    public static final int STATUS_ERROR = 2;

    public Span {
        attributes = List.copyOf(attributes);
        events = List.copyOf(events);
        links = List.copyOf(links);
    }

    public long durationNanos() {
        return endNanos - startNanos;
    }

    public boolean isRoot() {
        return parentSpanId == 0;
    }

    /** Rough in-memory/wire size, for per-tenant trace size limits. */
    public int approximateBytes() {
        int n = 64 + name.length() + statusMessage.length();
        for (Attr a : attributes) {
            n += a.key().length() + a.value().asText().length() + 4;
        }
        for (SpanEvent e : events) {
            n += 16 + e.name().length() + e.attributes().size() * 16;
        }
        return n + links.size() * 40;
    }
}
