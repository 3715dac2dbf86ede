package ai.gatewayz.obs.logs.logql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser's selector entry points that push labels and the metadata endpoints use (the one selector grammar). */
class SelectorEntryPointsTest {
    @Test
    void streamLabelsUseTheQueryStringGrammar() {
        assertThat(Parser.parseStreamLabels(" { app = \"a\\\"pi\", env=`prod`, u=\"\\u00e9\" } ")).containsExactly(
                LabelMatcher.eq("app", "a\"pi"), LabelMatcher.eq("env", "prod"), LabelMatcher.eq("u", "é"));
        assertThat(Parser.parseStreamLabels("{}")).isEqualTo(List.of());
    }

    static Stream<Arguments> streamLabelErrors() {
        return Stream.of(
                Arguments.of("", "parse error at line 1, col 1: syntax error: unexpected $end, expecting OPEN_BRACE"),
                Arguments.of("{a=\"b\"", "parse error at line 1, col 7: syntax error: unexpected $end, expecting CLOSE_BRACE or COMMA"),
                Arguments.of("{1a=\"b\"}", "parse error at line 1, col 2: not a valid duration string: \"1a\""),
                Arguments.of("{a~\"b\"}", "parse error at line 1, col 3: syntax error: unexpected character: '~'"),
                Arguments.of("{a=b}", "parse error at line 1, col 4: syntax error: unexpected IDENTIFIER, expecting STRING"),
                Arguments.of("{a=\"b}", "parse error at line 1, col 4: literal not terminated"),
                Arguments.of("{a=\"b\"} | json", "parse error at line 1, col 9: syntax error: unexpected PIPE"),
                Arguments.of("{a=\"b\", c!=\"d\"}", "parse error : only = matchers are allowed in push labels [label=c]"),
                Arguments.of("{a=~\"(\"}", "parse error : invalid regex (: error parsing regexp: Unclosed group"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamLabelErrors")
    void streamLabelErrorsNameThePosition(String text, String message) {
        assertThatThrownBy(() -> Parser.parseStreamLabels(text)).hasMessage(message);
    }

    static Stream<Arguments> metadataQueries() {
        return Stream.of(
                Arguments.of("{app=\"api\"}", List.of(LabelMatcher.eq("app", "api"))),
                Arguments.of("{app=\"api\", env=~\"p.*\"} |= \"x\" | json", List.of(LabelMatcher.eq("app", "api"), LabelMatcher.re("env", "p.*"))),
                Arguments.of("sum by (level) (count_over_time({app=\"api\"} | logfmt [5m]))", List.of(LabelMatcher.eq("app", "api"))),
                Arguments.of("vector(1) + rate({job=\"j\"}[1m])", List.of(LabelMatcher.eq("job", "j"))),
                Arguments.of("vector(1)", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metadataQueries")
    void metadataRequestsFilterByTheQuerysSelector(String query, List<LabelMatcher> want) {
        assertThat(Parser.streamMatchers(query)).isEqualTo(want);
    }

    @Test
    void metadataQueriesAreValidatedAsQueries() {
        assertThatThrownBy(() -> Parser.streamMatchers("{app=\"api\"} | unknownstage")).hasMessage("parse error at line 1, col 27: syntax error: unexpected $end");
        assertThatThrownBy(() -> Parser.streamMatchers("{app=~\".*\"}")).hasMessage("parse error : queries require at least one regexp or equality matcher that does not have an"
                + " empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will");
    }

    @Test
    void labelNamesAreIdentifiers() {
        assertThat(Parser.isLabelName("service_name")).isTrue();
        assertThat(Parser.isLabelName("_a9")).isTrue();
        assertThat(Parser.isLabelName("")).isFalse();
        assertThat(Parser.isLabelName("9a")).isFalse();
        assertThat(Parser.isLabelName("a-b")).isFalse();
        assertThat(Parser.isLabelName("é")).isFalse();
    }
}
