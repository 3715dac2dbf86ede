package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonStringsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.argumentSet("plain text", "abc", "\"abc\"", "\"abc\""),
                Arguments.argumentSet("quotes and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\""),
                Arguments.argumentSet("common controls", "\n\r\t", "\"\\n\\r\\t\"", "\"\\n\\r\\t\""),
                Arguments.argumentSet("other controls", "\u0001\u001f", "\"\\u0001\\u001f\"", "\"\\u0001\\u001f\""),
                Arguments.argumentSet("html characters", "<a&b>", "\"\\u003ca\\u0026b\\u003e\"", "\"<a&b>\""),
                Arguments.argumentSet("line separators", "\u2028\u2029", "\"\\u2028\\u2029\"", "\"\u2028\u2029\""),
                Arguments.argumentSet("non-ascii kept", "café ✓", "\"café ✓\"", "\"café ✓\""));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void escapes(String input, String go, String plain) {
        assertThat(JsonStrings.appendGo(new StringBuilder(), input)).hasToString(go);
        assertThat(JsonStrings.appendPlain(new StringBuilder(), input)).hasToString(plain);
    }
}
