package ai.gatewayz.obs.metrics.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact parse error messages and positions. The expected texts were recorded from Prometheus's
 * own API answers ({@code invalid parameter "query": <these>}).
 */
class ParserErrorTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("sum(", "1:5: parse error: unclosed left parenthesis"),
                Arguments.of("foo{", "1:5: parse error: unexpected end of input inside braces"),
                Arguments.of("foo{a=\"b\"", "1:10: parse error: unexpected end of input inside braces"),
                Arguments.of("rate(foo[5m]", "1:13: parse error: unclosed left parenthesis"),
                Arguments.of("foo[5m", "1:7: parse error: unclosed left bracket"),
                Arguments.of("1 +", "1:4: parse error: unexpected end of input"),
                Arguments.of("foo bar", "1:5: parse error: unexpected identifier \"bar\""),
                Arguments.of("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
                Arguments.of(")", "1:2: parse error: unexpected right parenthesis ')'"),
                Arguments.of("foo[5x]", "1:5: parse error: bad duration syntax: \"5\""),
                Arguments.of("unknown_fn(x)", "1:1: parse error: unknown function with name \"unknown_fn\""),
                Arguments.of("1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
                Arguments.of("rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
                Arguments.of("foo{a=}", "1:7: parse error: unexpected \"}\" in label matching, expected string"),
                Arguments.of("foo{a~\"b\"}", "1:6: parse error: unexpected character inside braces: '~'"),
                Arguments.of("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
                Arguments.of("foo offset", "1:11: parse error: unexpected end of input in offset, expected duration"),
                Arguments.of("sum by (a", "1:10: parse error: unclosed left parenthesis"),
                Arguments.of("foo @", "1:6: parse error: unexpected end of input in @, expected timestamp"),
                Arguments.of("rate(foo[5m], 1)", "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 2"),
                Arguments.of("label_replace(foo, \"a\")", "1:1: parse error: expected 5 argument(s) in call to \"label_replace\", got 2"),
                Arguments.of("foo[5m][1m]", "1:8: parse error: ranges only allowed for vector selectors"),
                Arguments.of("foo{a=\"b\",}[5m] offset 1x", "1:24: parse error: bad number or duration syntax: \"1\""),
                Arguments.of("\"a\" + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"),
                Arguments.of("-\"a\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
                Arguments.of("sum(foo[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector"),
                Arguments.of("topk(foo, bar)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
                Arguments.of("count_values(1, foo)", "1:14: parse error: expected type string in aggregation parameter, got scalar"),
                Arguments.of("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
                Arguments.of("foo[0s]", "1:5: parse error: duration must be greater than 0"),
                Arguments.of("foo[5m:0s]", "1:8: parse error: duration must be greater than 0"),
                Arguments.of("(1+2)[5m]", "1:6: parse error: ranges only allowed for vector selectors"),
                Arguments.of("foo{a=~\"(\"}", "1:5: parse error: error parsing regexp: missing closing ): `^(?:()$`"),
                Arguments.of("abs(1)", "1:5: parse error: expected type instant vector in call to function \"abs\", got scalar"),
                Arguments.of("1 + bool 2", "1:3: parse error: bool modifier can only be used on comparison operators"),
                Arguments.of("foo and bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"),
                Arguments.of("foo + on(a) group_left(a) bar", "1:5: parse error: label \"a\" must not occur in ON and GROUP clause at once"),
                Arguments.of("1 or foo", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression"),
                Arguments.of("$", "1:1: parse error: unexpected character: '$'"),
                Arguments.of("foo !x", "1:5: parse error: unexpected character after '!': 'x'"),
                Arguments.of("'unterminated", "1:1: parse error: unterminated quoted string"),
                Arguments.of("foo offset 5m offset 5m", "1:1: parse error: offset may not be set multiple times"),
                Arguments.of("foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times"),
                Arguments.of("sum without(a) by (b) (foo)", "1:16: parse error: unexpected <by> in aggregation"),
                Arguments.of("rate(foo[5m:1m:1m])", "1:15: parse error: unexpected colon ':'"),
                Arguments.of("histogram_quantile(0.5)", "1:1: parse error: expected 2 argument(s) in call to \"histogram_quantile\", got 1"),
                Arguments.of("sum(\nfoo +\n)", "3:1: parse error: unexpected right parenthesis ')'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithPrometheusMessage(String query, String message) {
        assertThatThrownBy(() -> Parser.parse(query))
                .isInstanceOf(ParseException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((ParseException) e).kind()).isEqualTo(ErrorKind.BAD_DATA));
    }
}
