package ai.gatewayz.obs.logs.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamSelectorsTest {
    @Test
    void parsesEveryOperatorAndBothStringKinds() {
        assertThat(StreamSelectors.parse(" { app = \"a\\\"pi\", env!=`prod`, lvl=~\"err|warn\", x!~\"y\" } ")).containsExactly(
                LabelMatcher.eq("app", "a\"pi"), LabelMatcher.neq("env", "prod"), LabelMatcher.re("lvl", "err|warn"),
                LabelMatcher.nre("x", "y"));
        assertThat(StreamSelectors.parse("{}")).isEqualTo(List.of());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("", "parse error at line 1, col 1: unexpected end of input, expected {"),
                Arguments.of("{a=\"b\"", "parse error at line 1, col 7: unexpected end of input, expected , or }"),
                Arguments.of("{1a=\"b\"}", "parse error at line 1, col 2: unexpected '1', expected a label name"),
                Arguments.of("{a~\"b\"}", "parse error at line 1, col 3: unexpected '~', expected a matcher operator"),
                Arguments.of("{a=b}", "parse error at line 1, col 4: unexpected 'b', expected a quoted string"),
                Arguments.of("{a=\"b}", "parse error at line 1, col 7: unterminated string"),
                Arguments.of("{a=\"b\"} | json", "parse error at line 1, col 9: unexpected '|' after the selector"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsNameThePosition(String text, String message) {
        assertThatThrownBy(() -> StreamSelectors.parse(text)).hasMessage(message);
    }
}
