package ai.gatewayz.obs.profiles.ingest;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures of profile ingest requests (wire-protocols.md §5.1/5.3), one factory each. */
public final class IngestErrors {
    private IngestErrors() {
    }

    public static SuiteException missingName() {
        return new SuiteException(ErrorKind.BAD_DATA, "missing required parameter [name=]");
    }

    public static SuiteException badName(String name, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot parse name: " + reason + " [name=" + name + "]");
    }

    public static SuiteException badParameter(String param, String value) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid parameter [" + param + "=" + value + "]");
    }

    public static SuiteException unknownFormat(String format) {
        return new SuiteException(ErrorKind.BAD_DATA, "unknown profile format [format=" + format + "]");
    }

    public static SuiteException unsupportedFormat(String format) {
        return new SuiteException(ErrorKind.EXECUTION, "unsupported profile format [format=" + format + "]");
    }

    public static SuiteException badFolded(int line, String text) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot parse folded stack line [line=" + line + ", text=" + truncate(text) + "]");
    }

    public static SuiteException badJfr(String detail) {
        return new SuiteException(ErrorKind.EXECUTION, "cannot parse JFR recording [detail=" + detail + "]");
    }

    public static SuiteException badLabels(String detail) {
        return new SuiteException(ErrorKind.EXECUTION, "cannot parse JFR labels part [detail=" + detail + "]");
    }

    public static SuiteException missingPart(String part) {
        return new SuiteException(ErrorKind.BAD_DATA, "multipart body lacks a required part [part=" + part + "]");
    }

    public static SuiteException badMultipart(String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot parse multipart body [detail=" + detail + "]");
    }

    public static SuiteException badPush(String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot decode push request [detail=" + detail + "]");
    }

    public static SuiteException badSampleTypeConfig(String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "cannot parse sample_type_config [detail=" + detail + "]");
    }

    private static String truncate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
