package ai.gatewayz.obs.logs.server.api;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.common.Timestamps;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Time and step parameters of Loki's query API: integers are Unix nanoseconds (what Grafana sends,
 * including the health check's {@code 4000000000}), decimals are float seconds, anything else RFC
 * 3339; steps are float seconds or durations ({@code 60000ms}, {@code 1m}). Stateless.
 */
public final class LokiTimes {
    private LokiTimes() {
    }

    public static long nanos(String name, String value, long defaultNanos) {
        if (value == null || value.isEmpty()) {
            return defaultNanos;
        }
        if (isInteger(value)) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw invalid(name, value);
            }
        }
        if (value.indexOf('.') >= 0 && value.indexOf('T') < 0) {
            try {
                return new BigDecimal(value).movePointRight(9).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid(name, value);
            }
        }
        try {
            Instant i = OffsetDateTime.parse(value).toInstant();
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeException | ArithmeticException e) {
            throw invalid(name, value);
        }
    }

    private static boolean isInteger(String v) {
        int i = v.startsWith("-") ? 1 : 0;
        if (i == v.length()) {
            return false;
        }
        for (; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static SuiteException invalid(String name, String value) {
        return CommonErrors.invalidParameter(name, value, "cannot parse %s to a valid timestamp");
    }

    /** A step in nanoseconds, or {@code defaultNanos} when absent; must be positive. */
    public static long step(String value, long defaultNanos) {
        if (value == null || value.isEmpty()) {
            return defaultNanos;
        }
        long ns;
        try {
            ns = new BigDecimal(value).movePointRight(9).longValue();
        } catch (NumberFormatException e) {
            Long ms = Timestamps.parseDurationMillis(value);
            if (ms == null) {
                throw CommonErrors.invalidParameter("step", value, "cannot parse %s to a valid duration");
            }
            ns = ms * 1_000_000L;
        }
        if (ns <= 0) {
            throw new SuiteException(ErrorKind.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        return ns;
    }
}
