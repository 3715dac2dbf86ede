package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvExpansionTest {
    private static final Map<String, String> ENV = Map.of("HOST", "metrics-store:9090", "EMPTY", "", "DOLLAR", "a$1\\b");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.argumentSet("set variable", "url: http://${HOST}/api", "url: http://metrics-store:9090/api"),
                Arguments.argumentSet("set variable ignores its default", "${HOST:-localhost:9090}", "metrics-store:9090"),
                Arguments.argumentSet("unset variable without default is empty", "[${MISSING}]", "[]"),
                Arguments.argumentSet("unset variable takes its default", "${MISSING:-localhost:9090}", "localhost:9090"),
                Arguments.argumentSet("empty variable takes its default, as a shell does", "${EMPTY:-fallback}", "fallback"),
                Arguments.argumentSet("empty default", "[${MISSING:-}]", "[]"),
                Arguments.argumentSet("replacement characters are literal", "${DOLLAR}", "a$1\\b"),
                Arguments.argumentSet("several references", "${HOST},${MISSING:-x},${HOST}", "metrics-store:9090,x,metrics-store:9090"),
                Arguments.argumentSet("bare dollar is left alone", "$HOST and ${1BAD}", "$HOST and ${1BAD}"),
                Arguments.argumentSet("no references", "plain: text", "plain: text"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void expands(String text, String expected) {
        assertThat(EnvExpansion.expand(text, ENV::get)).isEqualTo(expected);
    }
}
