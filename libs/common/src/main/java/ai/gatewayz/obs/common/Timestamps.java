package ai.gatewayz.obs.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamp and duration parameters as the Prometheus HTTP API reads them: Unix seconds with an
 * optional fraction (rounded to milliseconds) or RFC 3339; durations as float seconds or Prometheus
 * duration strings. Results are Unix milliseconds. Thread-safe.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** Parses a timestamp; returns {@code null} when the text is neither a number nor RFC 3339. */
    public static Long parseMillis(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        Double f = GoFloat.parse(s);
        if (f != null) {
            if (f.isNaN() || f.isInfinite()) {
                return null;
            }
            double secs = Math.floor(f);
            double frac = Math.round((f - secs) * 1000.0);
            return (long) secs * 1000L + (long) frac;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Parses a query-parameter duration: float seconds or a Prometheus duration string. Returns
     * {@code null} when it is neither.
     */
    public static Long parseDurationMillis(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        Double f = GoFloat.parse(s);
        if (f != null) {
            if (f.isNaN() || f.isInfinite() || Math.abs(f * 1000.0) > Long.MAX_VALUE / 1000.0) {
                return null;
            }
            return Math.round(f * 1000.0);
        }
        try {
            return Durations.parse(s);
        } catch (SuiteException e) {
            return null;
        }
    }

    /** RFC 3339 with millisecond precision in UTC, e.g. {@code 2026-11-27T10:00:00.000Z}. */
    public static String formatRfc3339(long millis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis));
    }
}
