package ai.gatewayz.obs.logs.logql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parser's nesting bound: deep but real queries parse; deeper ones are a parse error with a position, never a stack overflow. */
class NestingLimitTest {
    @Test
    void nestingUpToTheBoundParses() {
        String q = "(".repeat(Parser.MAX_DEPTH - 1) + "vector(1)" + ")".repeat(Parser.MAX_DEPTH - 1);
        assertThat(Parser.parse(q)).isNotNull();
    }

    @Test
    void deeperNestingIsAParseErrorAtTheFirstTooDeepToken() {
        String q = "sum(".repeat(1_000) + "rate({a=\"b\"}[1m])" + ")".repeat(1_000);
        assertThatThrownBy(() -> Parser.parse(q))
                .hasMessage("parse error at line 1, col 801: expression nested deeper than 200 levels");
    }
}
