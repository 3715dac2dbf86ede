package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.Timestamps;

/**
 * Parsing of the time parameters shared by every query API ({@code time}, {@code start},
 * {@code end}, {@code step}, {@code timeout}, {@code lookback_delta}) with the Prometheus 2.42
 * API's messages, e.g. {@code invalid parameter "start": cannot parse "x" to a valid timestamp}.
 * Stateless and thread-safe.
 */
public final class QueryParams {
    private QueryParams() {
    }

    /**
     * An optional timestamp in Unix milliseconds ({@code time} of an instant query, {@code start}
     * and {@code end} of series and label queries); {@code defaultMillis} when absent or empty.
     * Prometheus words a bad one {@code invalid parameter "time": Invalid time value for 'time':
     * cannot parse "x" to a valid timestamp}.
     */
    public static long time(String name, String value, long defaultMillis) {
        if (value == null || value.isEmpty()) {
            return defaultMillis;
        }
        Long ms = Timestamps.parseMillis(value);
        if (ms == null) {
            throw CommonErrors.invalidParameter(name, value, "Invalid time value for '" + name + "': cannot parse %s to a valid timestamp");
        }
        return ms;
    }

    /**
     * A required timestamp in Unix milliseconds ({@code start}, {@code end} of a range query); an
     * absent one is reported as Prometheus reports it: {@code cannot parse "" to a valid timestamp}.
     */
    public static long requireTime(String name, String value) {
        String v = value == null ? "" : value;
        Long ms = Timestamps.parseMillis(v);
        if (ms == null) {
            throw CommonErrors.invalidParameter(name, v, "cannot parse %s to a valid timestamp");
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

    /** A range query's step: required, positive; errors name the parameter as Prometheus does. */
    public static long step(String value) {
        String v = value == null ? "" : value;
        Long ms = Timestamps.parseDurationMillis(v);
        if (ms == null) {
            throw CommonErrors.invalidParameter("step", v, "cannot parse %s to a valid duration");
        }
        if (ms <= 0) {
            throw CommonErrors.invalidParameter("step", v,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        return ms;
    }
}
