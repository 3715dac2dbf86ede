package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures decoding OTLP traces, one factory each; all are the sender's fault (400). */
public final class OtlpErrors {
    private OtlpErrors() {
    }

    public static SuiteException badProtobuf(String why) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot decode OTLP protobuf ExportTraceServiceRequest [error=" + why + "]");
    }

    public static SuiteException badJson(String why) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot decode OTLP/JSON ExportTraceServiceRequest [error=" + why + "]");
    }

    public static SuiteException badHexId(String field, String value) {
        return new SuiteException(ErrorKind.BAD_DATA, "OTLP/JSON id is not hex [field=" + field + ", value=" + value + "]");
    }

    /** Why one span is rejected (partial success); not thrown. */
    static String invalidId(String field, int length) {
        return "invalid span: " + field + " must be " + (field.equals("traceId") ? 16 : 8)
                + " non-zero bytes [field=" + field + ", length=" + length + "]";
    }
}
