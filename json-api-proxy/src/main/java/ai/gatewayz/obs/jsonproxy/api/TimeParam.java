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
            } catch (NumberFormatException | java.time.DateTimeException e) {
                throw ProxyErrors.invalidTime(name, value);
            }
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ProxyErrors.invalidTime(name, value);
        }
    }
}
