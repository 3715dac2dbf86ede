package ai.gatewayz.obs.profiles.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorsTest {
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.argumentSet("empty text", "", List.of()),
                Arguments.argumentSet("empty braces", "{}", List.of()),
                Arguments.argumentSet("label matchers", "{service_name=\"api\", provider=~\"open.*\"}",
                        List.of(LabelMatcher.eq("service_name", "api"), LabelMatcher.re("provider", "open.*"))),
                Arguments.argumentSet("profile type id before the braces", CPU + "{service_name=\"api\"}",
                        List.of(LabelMatcher.eq("__profile_type__", CPU), LabelMatcher.eq("service_name", "api"))),
                Arguments.argumentSet("profile name before the braces", "process_cpu{}", List.of(LabelMatcher.eq("__name__", "process_cpu"))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parses(String selector, List<LabelMatcher> expected) {
        assertThat(Selectors.parse(selector)).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.argumentSet("unclosed", "{service_name=",
                        "invalid label selector: 1:15: parse error: unexpected end of input inside braces [selector={service_name=]"),
                Arguments.argumentSet("bad regex", "{a=~\"(\"}",
                        "invalid label selector: 1:2: parse error: error parsing regexp: missing closing ): `^(?:()$` [selector={a=~\"(\"}]"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejects(String selector, String message) {
        assertThatThrownBy(() -> Selectors.parse(selector)).hasMessage(message);
    }
}
