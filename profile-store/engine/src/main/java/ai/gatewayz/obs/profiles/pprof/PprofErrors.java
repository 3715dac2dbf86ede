package ai.gatewayz.obs.profiles.pprof;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * Failures decoding a pprof body. They are 422 ({@link ErrorKind#EXECUTION}): the request was
 * well-formed HTTP but its profile cannot be converted, the status Pyroscope answers and the
 * wire contract prefers (PY-6).
 */
public final class PprofErrors {
    private PprofErrors() {
    }

    public static SuiteException empty() {
        return new SuiteException(ErrorKind.EXECUTION, "pprof profile is empty [bytes=0]");
    }

    public static SuiteException notProtobuf(String detail) {
        return new SuiteException(ErrorKind.EXECUTION, "cannot decode pprof profile [detail=" + detail + "]");
    }

    public static SuiteException badGzip(String detail) {
        return new SuiteException(ErrorKind.EXECUTION, "cannot decompress gzip body [detail=" + detail + "]");
    }

    public static SuiteException concatenated() {
        return new SuiteException(ErrorKind.EXECUTION, "concatenated profiles detected [format=gzip]");
    }

    public static SuiteException tooLarge(long limit) {
        return new SuiteException(ErrorKind.PAYLOAD_TOO_LARGE, "decompressed profile exceeds the limit [limit=" + limit + "]");
    }

    public static SuiteException inconsistent(String what, long value) {
        return new SuiteException(ErrorKind.EXECUTION, "inconsistent pprof profile: " + what + " [value=" + value + "]");
    }

    public static SuiteException firstStringNotEmpty() {
        return new SuiteException(ErrorKind.EXECUTION, "inconsistent pprof profile: string_table[0] must be empty [value=0]");
    }

    public static SuiteException noSampleTypes() {
        return new SuiteException(ErrorKind.EXECUTION, "pprof profile has no sample types [sample_type=0]");
    }
}
