package ai.gatewayz.obs.profiles.ingest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code from}/{@code until} (and legacy render times): an integer whose digit count selects the
 * unit — 13 ms, 16 µs, 19 ns, 8 {@code YYYYMMDD}, anything else seconds. Returns nanoseconds.
 */
public final class IngestTimes {
    private IngestTimes() {
    }

    public static long toNanos(String param, String value) {
        String v = value.trim();
        boolean neg = v.startsWith("-");
        String digits = neg ? v.substring(1) : v;
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 19) {
            throw IngestErrors.badParameter(param, value);
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw IngestErrors.badParameter(param, value);
        }
        return switch (digits.length()) {
            case 19 -> n;
            case 16 -> Math.multiplyExact(n, 1_000L);
            case 13 -> Math.multiplyExact(n, 1_000_000L);
            case 8 -> {
                try {
                    LocalDate d = LocalDate.parse(digits, DateTimeFormatter.BASIC_ISO_DATE);
                    yield d.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
                } catch (DateTimeParseException e) {
                    throw IngestErrors.badParameter(param, value);
                }
            }
            default -> Math.multiplyExact(n, 1_000_000_000L);
        };
    }
}
