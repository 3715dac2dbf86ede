package ai.gatewayz.obs.traces.model;

import java.util.List;

/** An OTLP {@code Span.Link}. */
public record SpanLink(TraceId traceId, long spanId, String traceState, List<Attr> attributes, int droppedAttributes, int flags) {
    public SpanLink {
        attributes = List.copyOf(attributes);
    }
}
