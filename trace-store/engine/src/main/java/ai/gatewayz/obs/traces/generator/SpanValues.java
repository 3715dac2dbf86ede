package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;

/** Label values read from a span the way Tempo's processors read them. Stateless. */
final class SpanValues {
    private static final String[] KINDS = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
        "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
    private static final String[] STATUSES = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};

    private SpanValues() {
    }

    /** The span attribute, else the resource attribute, as text; null when neither has it. */
    static String attribute(Span s, String key) {
        AttrValue v = Attr.find(s.attributes(), key);
        if (v == null) {
            v = Attr.find(s.resource().attributes(), key);
        }
        return v == null ? null : v.asText();
    }

    static String kind(Span s) {
        return s.kind() >= 0 && s.kind() < KINDS.length ? KINDS[s.kind()] : KINDS[0];
    }

    static String status(Span s) {
        return s.statusCode() >= 0 && s.statusCode() < STATUSES.length ? STATUSES[s.statusCode()] : STATUSES[0];
    }

    static double seconds(Span s) {
        return Math.max(0, s.durationNanos()) / 1e9;
    }
}
