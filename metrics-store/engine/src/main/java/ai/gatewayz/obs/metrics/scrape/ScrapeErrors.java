package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures of parsing an exposition or of a scrape; one factory each. */
public final class ScrapeErrors {
    private ScrapeErrors() {
    }

    public static SuiteException parse(int line, String what, String text) {
        String t = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return new SuiteException(ErrorKind.BAD_DATA, "malformed exposition [line=" + line + ", reason=" + what + ", text=" + t + "]");
    }

    public static SuiteException missingEof() {
        return new SuiteException(ErrorKind.BAD_DATA, "malformed exposition [reason=OpenMetrics body does not end with # EOF]");
    }

    public static SuiteException httpStatus(int status) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "scrape failed [reason=server returned HTTP status " + status + "]");
    }

    public static SuiteException bodyTooLarge(long limit) {
        return new SuiteException(ErrorKind.PAYLOAD_TOO_LARGE, "scrape failed [reason=body exceeds limit, limit=" + limit + "]");
    }
}
