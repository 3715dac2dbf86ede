package ai.gatewayz.obs.traces.model;

import java.util.List;

/** An OTLP instrumentation scope with the schema URL of its {@code ScopeSpans}. */
public record Scope(String name, String version, List<Attr> attributes, int droppedAttributes, String schemaUrl) {
    public static final Scope EMPTY = new Scope("", "", List.of(), 0, "");

    public Scope {
        attributes = List.copyOf(attributes);
    }
}
