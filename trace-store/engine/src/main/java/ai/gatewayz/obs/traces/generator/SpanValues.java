package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;

/** Label values read from a span the way Tempo's processors read them. Stateless. */
final class SpanValues {
    private static final String[] KINDS = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
        "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
    private static final String[] STATUSES = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};
    /** Small integers as text, so status codes and counts used as dimensions do not allocate per span. */
    private static final String[] SMALL = new String[1024];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i);
        }
    }

    private SpanValues() {
    }

    /** A value as label text (small integers without allocating); null stays null. */
    static String text(AttrValue v) {
        if (v == null) {
            return null;
        }
        if (v.type() == AttrValue.Type.INT && v.intValue() >= 0 && v.intValue() < SMALL.length) {
            return SMALL[(int) v.intValue()];
        }
        return v.asText();
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

    /** Tempo's span multiplier: a positive sampling ratio {@code r} makes a span count {@code 1 / r} times; else once. */
    static double multiplier(AttrValue v) {
        if (v == null) {
            return 1;
        }
        double r = switch (v.type()) {
            case DOUBLE -> v.doubleValue();
            case INT -> v.intValue();
            default -> 0;
        };
        return r > 0 && Double.isFinite(r) ? 1 / r : 1;
    }
}
