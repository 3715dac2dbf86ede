package ai.gatewayz.obs.otlp;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures decoding an OTLP/HTTP body, one factory each. */
public final class OtlpErrors {
    private OtlpErrors() {
    }

    public static SuiteException unsupportedEncoding(String encoding) {
        return new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content encoding, expected gzip or identity [content-encoding=" + encoding + "]");
    }

    public static SuiteException badGzip(String why) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot decompress gzip body [error=" + why + "]");
    }

    public static SuiteException badProtobuf(String message, String why) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot decode OTLP protobuf " + message + " [error=" + why + "]");
    }

    public static SuiteException badJson(String message, String why) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot decode OTLP/JSON " + message + " [error=" + why + "]");
    }

    public static SuiteException badHexId(String field, String value) {
        return new SuiteException(ErrorKind.BAD_DATA, "OTLP/JSON id is not hex [field=" + field + ", value=" + value + "]");
    }
}
