package ai.gatewayz.obs.traces.otlp;

/** Why a span of an OTLP export is refused (partial success); body-level failures are in libs/otlp's OtlpErrors. */
public final class OtlpErrors {
    private OtlpErrors() {
    }

    /** Why one span is rejected (partial success); not thrown. */
    static String invalidId(String field, int length) {
        return "invalid span: " + field + " must be " + (field.equals("traceId") ? 16 : 8)
                + " non-zero bytes [field=" + field + ", length=" + length + "]";
    }
}
