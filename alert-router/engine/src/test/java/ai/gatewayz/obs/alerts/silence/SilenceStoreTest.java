package ai.gatewayz.obs.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilenceStoreTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-11-27T10:00:00Z"));

    private Silence silence(String id, List<SilenceMatcher> ms, long start, long end) {
        return new Silence(id, ms, start, end, 0, "me", "c");
    }

    private static final List<SilenceMatcher> A = List.of(new SilenceMatcher("alertname", "A", false, true));

    @Test
    void updateKeepsIdOnlyWhenAllowed() {
        SilenceStore s = SilenceStore.inMemory(clock);
        long now = clock.millis();
        String id = s.set(silence(null, A, now, now + 3_600_000));
        assertThat(s.set(silence(id, A, now, now + 7_200_000))).isEqualTo(id);
        String other = s.set(silence(id, List.of(new SilenceMatcher("alertname", "B", false, true)), now, now + 7_200_000));
        assertThat(other).isNotEqualTo(id);
        assertThat(s.get(id).state(clock.millis())).isEqualTo(Silence.State.EXPIRED);
    }

    @Test
    void validation() {
        SilenceStore s = SilenceStore.inMemory(clock);
        long now = clock.millis();
        assertThatThrownBy(() -> s.set(silence(null, List.of(new SilenceMatcher("foo", ".*", true, true)), now, now + 1000)))
                .hasMessageContaining("at least one matcher must not match the empty string");
        assertThatThrownBy(() -> s.set(silence(null, List.of(), now, now + 1000))).hasMessageContaining("at least one matcher required");
        assertThatThrownBy(() -> s.set(silence(null, A, now, now - 1))).hasMessageContaining("start time must be before end time");
        assertThatThrownBy(() -> s.set(silence(null, A, now - 5000, now - 1000))).hasMessageContaining("end time can't be in the past");
        assertThatThrownBy(() -> s.set(silence("nope", A, now, now + 1000)))
                .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> s.expire("nope")).isInstanceOfSatisfying(SuiteException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void isEqualFalseNegatesAndExpireIsIdempotent() {
        SilenceStore s = SilenceStore.inMemory(clock);
        long now = clock.millis();
        String id = s.set(silence(null, List.of(new SilenceMatcher("env", "prod", false, false),
                new SilenceMatcher("alertname", "A", false, true)), now, now + 60_000));
        assertThat(s.mutedBy(Labels.of("alertname", "A", "env", "dev"), now)).containsExactly(id);
        assertThat(s.mutedBy(Labels.of("alertname", "A", "env", "prod"), now)).isEmpty();
        s.expire(id);
        s.expire(id);
        assertThat(s.mutedBy(Labels.of("alertname", "A", "env", "dev"), clock.millis())).isEmpty();
    }

    @Test
    void persistsAcrossRestartAndPurgesAfterRetention(@TempDir Path dir) throws Exception {
        long now = clock.millis();
        String id;
        try (SilenceStore s = SilenceStore.open(dir, clock, 3_600_000)) {
            id = s.set(silence(null, A, now, now + 60_000));
        }
        try (SilenceStore s = SilenceStore.open(dir, clock, 3_600_000)) {
            assertThat(s.get(id).matchers()).isEqualTo(A);
            clock.advance(Duration.ofHours(2));
            assertThat(s.gc()).isEqualTo(1);
        }
        try (SilenceStore s = SilenceStore.open(dir, clock, 3_600_000)) {
            assertThat(s.all()).isEmpty();
        }
    }
}
