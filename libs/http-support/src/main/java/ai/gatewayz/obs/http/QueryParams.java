package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.Timestamps;

/**
 * Parsing of the time parameters shared by every query API ({@code time}, {@code start},
 * {@code end}, {@code step}, {@code timeout}, {@code lookback_delta}) with the Prometheus API's
 * messages, e.g. {@code invalid parameter "start": cannot parse "x" to a valid timestamp}.
 * Stateless and thread-safe.
 */
public final class QueryParams {
    private QueryParams() {
    }

    /** A timestamp in Unix milliseconds; {@code defaultMillis} when the parameter is absent or empty. */
    public static long time(String name, String value, long defaultMillis) {
        if (value == null || value.isEmpty()) {
            return defaultMillis;
        }
        return requireTime(name, value);
    }

    /** A required timestamp in Unix milliseconds. */
    public static long requireTime(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw CommonErrors.missingParameter(name);
        }
        Long ms = Timestamps.parseMillis(value);
        if (ms == null) {
            throw CommonErrors.invalidParameter(name, value, "cannot parse %s to a valid timestamp");
        }
        return ms;
    }

    /** A duration in milliseconds (float seconds or a Prometheus duration string). */
    public static long duration(String name, String value, long defaultMillis) {
        if (value == null || value.isEmpty()) {
            return defaultMillis;
        }
        Long ms = Timestamps.parseDurationMillis(value);
        if (ms == null) {
            throw CommonErrors.invalidParameter(name, value, "cannot parse %s to a valid duration");
        }
        return ms;
    }

    /** A range query's step: required, positive. */
    public static long step(String value) {
        if (value == null || value.isEmpty()) {
            throw CommonErrors.missingParameter("step");
        }
        long ms = duration("step", value, 0);
        if (ms <= 0) {
            throw new ai.gatewayz.obs.common.SuiteException(ai.gatewayz.obs.common.ErrorKind.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        return ms;
    }
}
