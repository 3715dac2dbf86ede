package ai.gatewayz.obs.alerts.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast UTC timestamp path agrees with the general RFC 3339 parser, and bad values still fail. */
class ApiJsonTimeTest {
    @Test
    void fastPathAgreesWithOffsetDateTime() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 3_000; i++) {
            long ms = r.nextLong(-2_000_000_000_000L, 4_000_000_000_000L);
            String iso = Instant.ofEpochMilli(ms).toString();
            String nanos = Instant.ofEpochMilli(ms).plusNanos(r.nextInt(1_000_000)).toString();
            for (String s : new String[] {iso, nanos}) {
                assertThat(ApiJson.parseTime("startsAt", s)).as(s).isEqualTo(OffsetDateTime.parse(s).toInstant().toEpochMilli());
            }
        }
        assertThat(ApiJson.parseTime("startsAt", "2026-11-27T10:00:00+02:00")).isEqualTo(Instant.parse("2026-11-27T08:00:00Z").toEpochMilli());
        assertThat(ApiJson.parseTime("startsAt", "2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.500Z").toEpochMilli());
        assertThat(ApiJson.parseTime("startsAt", "0001-01-01T00:00:00Z")).isNull();
    }

    @Test
    void invalidValuesStillFail() {
        for (String bad : new String[] {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-27T24:00:00Z",
                "2026-11-27 10:00:00Z", "yesterday"}) {
            assertThatThrownBy(() -> ApiJson.parseTime("startsAt", bad)).as(bad).hasMessageContaining("startsAt");
        }
    }
}
