package ai.gatewayz.obs.traces.otlp;

/**
 * Per-tenant limits on spans, applied while decoding an export: a span over a limit is rejected
 * (OTLP partial success) and the rest are stored.
 *
 * @param maxAttributesPerSpan attributes on the span itself
 * @param maxAttributeValueBytes length of a string value (UTF-16 units) anywhere in the span
 */
public record IngestLimits(int maxAttributesPerSpan, int maxAttributeValueBytes) {
    public static final IngestLimits DEFAULTS = new IngestLimits(256, 64 * 1024);
}
