package ai.gatewayz.obs.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorParserTest {
    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.argumentSet("empty braces select everything", "{}", null, ""),
                Arguments.argumentSet("spaces inside empty braces", "  { }  ", null, ""),
                Arguments.argumentSet("the four operators", "{a=\"b\", c!=\"d\", e=~\"x\", f!~\"y\"}", null,
                        "a=\"b\" c!=\"d\" e=~\"x\" f!~\"y\""),
                Arguments.argumentSet("trailing comma", "{a=\"b\",}", null, "a=\"b\""),
                Arguments.argumentSet("single-quoted and raw values", "{a='b', c=`d\\e`}", null, "a=\"b\" c=\"d\\\\e\""),
                Arguments.argumentSet("escapes in a value", "{a=\"x\\\"y\\n\"}", null, "a=\"x\\\"y\\n\""),
                Arguments.argumentSet("quoted label name with a dot", "{\"service.name\"=\"api\"}", null, "service.name=\"api\""),
                Arguments.argumentSet("metric name before braces", "up{job=\"api\"}", "up", "__name__=\"up\" job=\"api\""),
                Arguments.argumentSet("metric name alone", "up", "up", "__name__=\"up\""),
                Arguments.argumentSet("metric name with colons", "process_cpu:cpu{a=\"b\"}", "process_cpu:cpu",
                        "__name__=\"process_cpu:cpu\" a=\"b\""),
                Arguments.argumentSet("quoted metric name inside braces", "{\"my.metric\", a=\"b\"}", "my.metric",
                        "__name__=\"my.metric\" a=\"b\""),
                Arguments.argumentSet("keywords are label names", "{by=\"x\", and=\"y\"}", null, "by=\"x\" and=\"y\""),
                Arguments.argumentSet("newlines between matchers", "{a=\"b\",\n c=\"d\"\n}", null, "a=\"b\" c=\"d\""),
                Arguments.argumentSet("regex with braces inside the string", "{a=~\"x{2}|}\"}", null, "a=~\"x{2}|}\""));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(String text, String metric, String rendered) {
        Selector s = SelectorParser.parse(text);
        assertThat(s.metricName()).isEqualTo(metric);
        assertThat(s.matchers().stream().map(LabelMatcher::toString).collect(Collectors.joining(" "))).isEqualTo(rendered);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.argumentSet("empty text", "", "1:1: parse error: unexpected end of input"),
                Arguments.argumentSet("blank text", "   ", "1:4: parse error: unexpected end of input"),
                Arguments.argumentSet("unclosed braces", "{a=\"b\"", "1:7: parse error: unexpected end of input inside braces"),
                Arguments.argumentSet("missing operator", "{a}",
                        "1:3: parse error: unexpected \"}\" in label matching, expected label matching operator"),
                Arguments.argumentSet("unquoted value", "{a=b}",
                        "1:4: parse error: unexpected identifier \"b\" in label matching, expected string"),
                Arguments.argumentSet("missing label name", "{=\"b\"}",
                        "1:2: parse error: unexpected \"=\" in label matching, expected identifier or \"}\""),
                Arguments.argumentSet("missing comma", "{a=\"b\" c=\"d\"}",
                        "1:8: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
                Arguments.argumentSet("double comma", "{a=\"b\",,}",
                        "1:8: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
                Arguments.argumentSet("bad operator character", "{a~\"b\"}", "1:3: parse error: unexpected character inside braces: '~'"),
                Arguments.argumentSet("bang without = or ~", "{a!b}", "1:3: parse error: unexpected character after '!' inside braces: 'b'"),
                Arguments.argumentSet("unterminated string", "{a=\"b}", "1:4: parse error: unterminated quoted string"),
                Arguments.argumentSet("unterminated raw string", "{a=`b}", "1:4: parse error: unterminated raw string"),
                Arguments.argumentSet("newline inside a quoted string", "{a=\"b\nc\"}", "1:4: parse error: unterminated quoted string"),
                Arguments.argumentSet("unclosed regex group", "{a=~\"(b\"}", "1:2: parse error: error parsing regexp: missing closing ): `^(?:(b)$`"),
                Arguments.argumentSet("unmatched regex paren", "{a=~\"b)\"}", "1:2: parse error: error parsing regexp: unexpected ): `^(?:b))$`"),
                Arguments.argumentSet("dangling repetition", "{a=~\"*\"}",
                        "1:2: parse error: error parsing regexp: missing argument to repetition operator: `*`"),
                Arguments.argumentSet("value is an operator", "{a==\"b\"}",
                        "1:4: parse error: unexpected \"=\" in label matching, expected string"),
                Arguments.argumentSet("nested left brace", "{{", "1:2: parse error: unexpected left brace '{'"),
                Arguments.argumentSet("extra right brace", "{a=\"b\"}}", "1:8: parse error: unexpected right brace '}'"),
                Arguments.argumentSet("trailing identifier", "x{a=\"b\"}y", "1:9: parse error: unexpected identifier \"y\""),
                Arguments.argumentSet("starts with a string", "\"up\"", "1:1: parse error: unexpected string \"\\\"up\\\"\""),
                Arguments.argumentSet("starts with an operator character", "=~\"a\"", "1:1: parse error: unexpected character: '='"),
                Arguments.argumentSet("metric name twice", "x{__name__=\"y\"}", "1:1: parse error: metric name must not be set twice: \"x\" or \"y\""),
                Arguments.argumentSet("two quoted metric names", "{\"x\", \"y\"}",
                        "1:7: parse error: metric name must not be set twice: \"x\" or \"y\""),
                Arguments.argumentSet("non-ASCII label name", "{é=\"x\"}", "1:2: parse error: unexpected character inside braces: 'é'"),
                Arguments.argumentSet("error on the second line", "{a=\"b\",\n c}",
                        "2:3: parse error: unexpected \"}\" in label matching, expected label matching operator"),
                Arguments.argumentSet("long identifier is shortened", "{a=\"b\"} abcdefghijklmn",
                        "1:9: parse error: unexpected identifier \"abcdefghij\"..."));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejects(String text, String message) {
        assertThatThrownBy(() -> SelectorParser.parse(text))
                .isInstanceOfSatisfying(SelectorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_DATA))
                .hasMessage(message);
    }

    static Stream<Arguments> strict() {
        return Stream.of(
                Arguments.argumentSet("empty braces", "{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
                Arguments.argumentSet("only empty-matching regex", " {a=~\".*\"}",
                        "1:2: parse error: vector selector must contain at least one non-empty matcher"),
                Arguments.argumentSet("only empty equality", "{a=\"\"}",
                        "1:1: parse error: vector selector must contain at least one non-empty matcher"));
    }

    @ParameterizedTest
    @MethodSource("strict")
    void strictRejectsSelectorsOfEverything(String text, String message) {
        assertThat(SelectorParser.parse(text).selectsEverything()).isTrue();
        assertThatThrownBy(() -> SelectorParser.parseStrict(text)).isInstanceOf(SelectorException.class).hasMessage(message);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void strictAcceptsSelectorsWithANonEmptyMatcher(String text, String metric, String rendered) {
        if (!rendered.isEmpty()) {
            assertThat(SelectorParser.parseStrict(text).matchers()).hasSize(rendered.split("\" ").length);
        }
    }

    @org.junit.jupiter.api.Test
    void reasonAndPositionAreExposed() {
        assertThatThrownBy(() -> SelectorParser.parse("{a=b}")).isInstanceOfSatisfying(SelectorException.class, e -> {
            assertThat(e.position()).isEqualTo(3);
            assertThat(e.reason()).isEqualTo("unexpected identifier \"b\" in label matching, expected string");
        });
        assertThat(SelectorParser.parse("{a=\"1\", a=\"2\"}").matchers()).isEqualTo(List.of(LabelMatcher.eq("a", "1"), LabelMatcher.eq("a", "2")));
    }
}
