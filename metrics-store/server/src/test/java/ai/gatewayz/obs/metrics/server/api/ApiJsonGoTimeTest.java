package ai.gatewayz.obs.metrics.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.scrape.TargetStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's time.Time JSON form as /api/v1/targets writes lastScrape (values as Prometheus 2.42 printed them). */
class ApiJsonGoTimeTest {
    @Test
    void rfc3339WithTrailingZerosOfTheNanosecondsTrimmed() {
        record Case(Instant t, String json) {
        }
        for (Case c : List.of(
                new Case(Instant.parse("2026-12-03T13:40:41.345661104Z"), "2026-12-03T13:40:41.345661104Z"),
                new Case(Instant.parse("2026-12-03T13:40:47.537558150Z"), "2026-12-03T13:40:47.53755815Z"),
                new Case(Instant.parse("2026-12-03T13:40:47.500Z"), "2026-12-03T13:40:47.5Z"),
                new Case(Instant.parse("2026-12-03T13:40:47Z"), "2026-12-03T13:40:47Z"),
                new Case(TargetStatus.NEVER, "0001-01-01T00:00:00Z"))) {
            StringBuilder sb = new StringBuilder();
            ApiJson.goTime(sb, c.t());
            assertThat(sb).as(c.json()).hasToString(c.json());
        }
    }
}
