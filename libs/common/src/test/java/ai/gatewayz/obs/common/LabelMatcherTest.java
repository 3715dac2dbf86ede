package ai.gatewayz.obs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.argumentSet("equal matches", LabelMatcher.eq("a", "x"), "x", true),
                Arguments.argumentSet("equal misses", LabelMatcher.eq("a", "x"), "y", false),
                Arguments.argumentSet("equal empty selects absent", LabelMatcher.eq("a", ""), "", true),
                Arguments.argumentSet("not equal", LabelMatcher.neq("a", "x"), "y", true),
                Arguments.argumentSet("not equal same", LabelMatcher.neq("a", "x"), "x", false),
                Arguments.argumentSet("regex is anchored at start", LabelMatcher.re("a", "b"), "ab", false),
                Arguments.argumentSet("regex is anchored at end", LabelMatcher.re("a", "a"), "ab", false),
                Arguments.argumentSet("regex alternation stays anchored", LabelMatcher.re("a", "x|y"), "xy", false),
                Arguments.argumentSet("regex alternation", LabelMatcher.re("a", "x|y"), "y", true),
                Arguments.argumentSet("regex dot matches newline", LabelMatcher.re("a", "a.b"), "a\nb", true),
                Arguments.argumentSet("regex .* matches empty", LabelMatcher.re("a", ".*"), "", true),
                Arguments.argumentSet("regex .+ rejects empty", LabelMatcher.re("a", ".+"), "", false),
                Arguments.argumentSet("literal regex", LabelMatcher.re("a", "api"), "api", true),
                Arguments.argumentSet("negated regex", LabelMatcher.nre("a", "5.."), "500", false),
                Arguments.argumentSet("negated regex other", LabelMatcher.nre("a", "5.."), "200", true),
                Arguments.argumentSet("negated literal regex", LabelMatcher.nre("a", "x"), "x", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matches(LabelMatcher m, String value, boolean expected) {
        assertThat(m.matches(value)).isEqualTo(expected);
    }

    @Test
    void absentLabelMatchesAsEmpty() {
        Labels l = Labels.of("__name__", "up");
        assertThat(LabelMatcher.eq("job", "").matches(l)).isTrue();
        assertThat(LabelMatcher.neq("job", "").matches(l)).isFalse();
        assertThat(LabelMatcher.re("job", ".*").matchesEmpty()).isTrue();
    }

    @Test
    void exactValueOnlyForSingleValueMatchers() {
        assertThat(LabelMatcher.eq("a", "x").exactValue()).isEqualTo("x");
        assertThat(LabelMatcher.re("a", "x").exactValue()).isEqualTo("x");
        assertThat(LabelMatcher.re("a", "x|y").exactValue()).isNull();
        assertThat(LabelMatcher.neq("a", "x").exactValue()).isNull();
    }

    @Test
    void invalidRegexIsBadDataNamingTheMatcher() {
        assertThatThrownBy(() -> LabelMatcher.re("job", "a(b"))
                .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_DATA))
                .hasMessage("invalid regular expression [matcher=job=~\"a(b\", error=Unclosed group]");
    }

    @Test
    void rendersAsPromql() {
        assertThat(LabelMatcher.nre("path", "/v1/\"x\"")).hasToString("path!~\"/v1/\\\"x\\\"\"");
    }
}
