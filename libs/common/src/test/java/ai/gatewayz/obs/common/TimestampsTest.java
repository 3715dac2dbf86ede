package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimestampsTest {
    static Stream<Arguments> times() {
        return Stream.of(
                Arguments.argumentSet("unix seconds", "1700000000", 1_700_000_000_000L),
                Arguments.argumentSet("fraction rounds to ms", "1700000000.1234", 1_700_000_000_123L),
                Arguments.argumentSet("fraction rounds up", "1.9996", 2_000L),
                Arguments.argumentSet("exponent", "1.7e9", 1_700_000_000_000L),
                Arguments.argumentSet("negative", "-1.5", -1_500L),
                Arguments.argumentSet("rfc3339", "2026-11-27T10:00:00Z", 1_795_773_600_000L),
                Arguments.argumentSet("rfc3339 with offset and nanos", "2026-11-27T11:00:00.250000000+01:00", 1_795_773_600_250L));
    }

    @ParameterizedTest
    @MethodSource("times")
    void parsesTimestamps(String text, long millis) {
        assertThat(Timestamps.parseMillis(text)).isEqualTo(millis);
    }

    @Test
    void rejectsWhatIsNeitherNumberNorRfc3339() {
        assertThat(Timestamps.parseMillis("yesterday")).isNull();
        assertThat(Timestamps.parseMillis("1d")).isNull();
        assertThat(Timestamps.parseMillis("NaN")).isNull();
        assertThat(Timestamps.parseMillis("")).isNull();
        assertThat(Timestamps.parseMillis("2026-11-27")).isNull();
    }

    @Test
    void durationParametersAcceptSecondsAndPrometheusDurations() {
        assertThat(Timestamps.parseDurationMillis("15")).isEqualTo(15_000L);
        assertThat(Timestamps.parseDurationMillis("0.5")).isEqualTo(500L);
        assertThat(Timestamps.parseDurationMillis("1d")).isEqualTo(86_400_000L);
        assertThat(Timestamps.parseDurationMillis("60000ms")).isEqualTo(60_000L);
        assertThat(Timestamps.parseDurationMillis("1f")).isNull();
        assertThat(Timestamps.parseDurationMillis("1e400")).isNull();
    }

    @Test
    void formatsRfc3339InUtc() {
        assertThat(Timestamps.formatRfc3339(1_795_773_600_250L)).isEqualTo("2026-11-27T10:00:00.250Z");
    }

    @Test
    void goFloatSyntaxIsStricterThanJava() {
        assertThat(GoFloat.parse("1d")).isNull();
        assertThat(GoFloat.parse("1f")).isNull();
        assertThat(GoFloat.parse(".5")).isEqualTo(0.5);
        assertThat(GoFloat.parse("5.")).isEqualTo(5.0);
        assertThat(GoFloat.parse("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(GoFloat.parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GoFloat.parse("NaN")).isNaN();
        assertThat(GoFloat.parse("0x10")).isEqualTo(16.0);
        assertThat(GoFloat.parse("1_000")).isEqualTo(1000.0);
        assertThat(GoFloat.parse("1e")).isNull();
        assertThat(GoFloat.parse("")).isNull();
    }
}
