package ai.gatewayz.obs.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Webhook timestamps print as Go's RFC3339Nano for millisecond times (trailing fraction zeros dropped). */
class JsonTimeTest {
    private static String reference(long ms) {
        String s = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(ms));
        int frac = (int) Math.floorMod(ms, 1000L);
        if (frac == 0) {
            return s + "Z";
        }
        String f = String.format("%03d", frac).replaceAll("0+$", "");
        return s + "." + f + "Z";
    }

    @Test
    void matchesReferenceFormatting() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 3_000; i++) {
            long ms = r.nextLong(-60_000_000_000_000L, 250_000_000_000_000L);
            assertThat(Json.time(ms)).as("%d", ms).isEqualTo(reference(ms));
        }
        assertThat(Json.time(0)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(Json.time(1_764_237_600_050L)).isEqualTo("2025-11-27T10:00:00.05Z");
        assertThat(Json.time(1_764_237_600_100L)).isEqualTo("2025-11-27T10:00:00.1Z");
    }
}
