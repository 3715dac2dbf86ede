package ai.gatewayz.obs.jsonproxy.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** A time as Grafana sends it: Unix milliseconds (digits) or RFC 3339. */
final class TimeParam {
    private TimeParam() {
    }

    static Instant parse(String name, String value, Instant dflt) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new BadRequest("invalid " + name + " [" + name + "=" + value + "]: expected Unix milliseconds or RFC 3339");
            }
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest("invalid " + name + " [" + name + "=" + value + "]: expected Unix milliseconds or RFC 3339");
        }
    }

    /** A client error answered as {@code {"error": ...}} with 400. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
