package ai.gatewayz.obs.gotemplate.alertmanager;

import ai.gatewayz.obs.gotemplate.TemplateValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A Go {@code time.Time} in UTC: prints as Go does ({@code 2006-01-02 15:04:05.999 +0000 UTC}, the
 * zero time for 0) and has {@code Unix}. Immutable.
 */
public record GoTime(long millis) implements TemplateValue {
    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public Object invoke(String name, List<Object> args) {
        if (!args.isEmpty()) {
            return NO_SUCH;
        }
        return switch (name) {
            case "Unix" -> Math.floorDiv(millis, 1000L);
            case "UnixMilli" -> millis;
            default -> NO_SUCH;
        };
    }

    @Override
    public String goTypeName() {
        return "time.Time";
    }

    @Override
    public String sprint() {
        return toString();
    }

    @Override
    public String toString() {
        if (millis == 0) {
            return "0001-01-01 00:00:00 +0000 UTC";
        }
        String base = F.format(Instant.ofEpochMilli(millis));
        int ms = (int) Math.floorMod(millis, 1000L);
        String frac = ms == 0 ? "" : ("." + String.format(Locale.ROOT, "%03d", ms)).replaceAll("0+$", "");
        return base + frac + " +0000 UTC";
    }
}
