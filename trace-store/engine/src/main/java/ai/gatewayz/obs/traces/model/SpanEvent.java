package ai.gatewayz.obs.traces.model;

import java.util.List;

/** An OTLP {@code Span.Event}. */
public record SpanEvent(long timeNanos, String name, List<Attr> attributes, int droppedAttributes) {
    public SpanEvent {
        attributes = List.copyOf(attributes);
    }
}
