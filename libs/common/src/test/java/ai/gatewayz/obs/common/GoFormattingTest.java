package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoFormattingTest {
    static Stream<Arguments> floats() {
        return Stream.of(
                Arguments.argumentSet("integer", 42.0, "42"),
                Arguments.argumentSet("negative zero", -0.0, "-0"),
                Arguments.argumentSet("fraction", 0.1, "0.1"),
                Arguments.argumentSet("shortest round trip", 1.0 / 3, "0.3333333333333333"),
                Arguments.argumentSet("small, no exponent", 1e-7, "0.0000001"),
                Arguments.argumentSet("large, no exponent", 1e21, "1000000000000000000000"),
                Arguments.argumentSet("not a number", Double.NaN, "NaN"),
                Arguments.argumentSet("infinities", Double.NEGATIVE_INFINITY, "-Inf"));
    }

    @ParameterizedTest
    @MethodSource("floats")
    void formatsLikeGoStrconvF(double v, String expected) {
        assertThat(GoFloat.formatPlain(v)).isEqualTo(expected);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.argumentSet("plain", "up", "\"up\""),
                Arguments.argumentSet("quote and backslash", "a\"b\\", "\"a\\\"b\\\\\""),
                Arguments.argumentSet("short escapes", "\n\t\r\u0007\b\f\u000b", "\"\\n\\t\\r\\a\\b\\f\\v\""),
                Arguments.argumentSet("other controls as hex", "\u0001\u007f", "\"\\x01\\x7f\""),
                Arguments.argumentSet("unicode kept", "café", "\"café\""));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void quotesLikeGoStrconvQuote(String s, String expected) {
        assertThat(GoStrings.quote(s)).isEqualTo(expected);
    }
}
