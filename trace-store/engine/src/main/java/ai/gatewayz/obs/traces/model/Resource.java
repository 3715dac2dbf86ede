package ai.gatewayz.obs.traces.model;

import java.util.List;

/** An OTLP resource with the schema URL of its {@code ResourceSpans}. Shared by many spans. */
public record Resource(List<Attr> attributes, int droppedAttributes, String schemaUrl) {
    public static final Resource EMPTY = new Resource(List.of(), 0, "");

    public Resource {
        attributes = List.copyOf(attributes);
    }

    /** {@code service.name}, or empty when absent. */
    public String serviceName() {
        AttrValue v = Attr.find(attributes, "service.name");
        return v == null ? "" : v.asText();
    }
}
