package ai.gatewayz.obs.logs.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LokiTimesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "4000000000, 4000000000",
        "1700000000123456789, 1700000000123456789",
        "1700000000.5, 1700000000500000000",
        "2026-01-01T00:00:00.000Z, 1767225600000000000",
        "2026-01-01T01:00:00+01:00, 1767225600000000000",
        "-5, -5"})
    void timesAreNanosecondsFloatSecondsOrRfc3339(String raw, long nanos) {
        assertThat(LokiTimes.nanos("start", raw, 0)).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"60000ms, 60000000000", "60, 60000000000", "0.5, 500000000", "1m, 60000000000", "15s, 15000000000"})
    void stepsAreMillisecondsSecondsOrDurations(String raw, long nanos) {
        assertThat(LokiTimes.step(raw, 0)).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "yesterday|invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp",
        "1.2.3|invalid parameter \"start\": cannot parse \"1.2.3\" to a valid timestamp"})
    void badTimesNameTheParameter(String raw, String message) {
        assertThatThrownBy(() -> LokiTimes.nanos("start", raw, 0)).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0|zero or negative query resolution step widths are not accepted. Try a positive integer",
        "-1s|invalid parameter \"step\": cannot parse \"-1s\" to a valid duration",
        "soon|invalid parameter \"step\": cannot parse \"soon\" to a valid duration"})
    void badSteps(String raw, String message) {
        assertThatThrownBy(() -> LokiTimes.step(raw, 0)).hasMessage(message);
    }
}
