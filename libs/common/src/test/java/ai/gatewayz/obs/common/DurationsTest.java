package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.argumentSet("zero", "0", 0L),
                Arguments.argumentSet("seconds", "15s", 15_000L),
                Arguments.argumentSet("milliseconds", "250ms", 250L),
                Arguments.argumentSet("minutes not ms", "5m", 300_000L),
                Arguments.argumentSet("compound", "1h30m", 5_400_000L),
                Arguments.argumentSet("every unit", "1y1w1d1h1m1s1ms", 31_536_000_000L + 604_800_000L + 86_400_000L + 3_661_001L),
                Arguments.argumentSet("days", "30d", 2_592_000_000L),
                Arguments.argumentSet("zero with unit", "0s", 0L));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(millis);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.argumentSet("empty", "", "empty duration string"),
                Arguments.argumentSet("no unit", "5", "not a valid duration string: \"5\""),
                Arguments.argumentSet("units out of order", "1m1h", "not a valid duration string: \"1m1h\""),
                Arguments.argumentSet("repeated unit", "1s1s", "not a valid duration string: \"1s1s\""),
                Arguments.argumentSet("fraction", "1.5s", "not a valid duration string: \"1.5s\""),
                Arguments.argumentSet("negative", "-1s", "not a valid duration string: \"-1s\""),
                Arguments.argumentSet("unknown unit", "3x", "not a valid duration string: \"3x\""),
                Arguments.argumentSet("overflow", "999999999999y", "duration out of range [value=999999999999y]"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejects(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_DATA))
                .hasMessage(message);
    }

    static Stream<Arguments> formatted() {
        return Stream.of(
                Arguments.argumentSet("zero", 0L, "0s"),
                Arguments.argumentSet("compound", 5_400_000L, "1h30m"),
                Arguments.argumentSet("ms", 1_500L, "1s500ms"),
                Arguments.argumentSet("week", 604_800_000L, "1w"));
    }

    @ParameterizedTest
    @MethodSource("formatted")
    void formatsAndRoundTrips(long millis, String text) {
        assertThat(Durations.format(millis)).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(millis);
    }
}
