package ai.gatewayz.obs.metrics.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The printer renders canonical PromQL and its output parses back to the same text. */
class ParserRoundTripTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("1 + 1", "1 + 1"),
                Arguments.of("-1", "-1"),
                Arguments.of("1e6", "1000000"),
                Arguments.of("0x10", "16"),
                Arguments.of("Inf", "+Inf"),
                Arguments.of("foo", "foo"),
                Arguments.of("foo{a=\"b\",c!~\"d.*\"}", "foo{a=\"b\", c!~\"d.*\"}"),
                Arguments.of("{__name__=~\"foo|bar\"}", "{__name__=~\"foo|bar\"}"),
                Arguments.of("{\"my.metric\", a=\"b\"}", "{\"my.metric\", a=\"b\"}"),
                Arguments.of("rate(foo[5m])", "rate(foo[5m])"),
                Arguments.of("rate(foo[90s])", "rate(foo[1m30s])"),
                Arguments.of("foo offset 5m", "foo offset 5m"),
                Arguments.of("foo offset -5m", "foo offset -5m"),
                Arguments.of("foo @ 100", "foo @ 100.000"),
                Arguments.of("foo @ start()", "foo @ start()"),
                Arguments.of("foo[5m] @ end() offset 1m", "foo[5m] @ end() offset 1m"),
                Arguments.of("max_over_time(rate(foo[1m])[10m:30s])", "max_over_time(rate(foo[1m])[10m:30s])"),
                Arguments.of("foo[10m:]", "foo[10m:]"),
                Arguments.of("sum by (job) (rate(x[5m]))", "sum by (job) (rate(x[5m]))"),
                Arguments.of("sum(rate(x[5m])) by (job)", "sum by (job) (rate(x[5m]))"),
                Arguments.of("sum without (a,b) (x)", "sum without (a, b) (x)"),
                Arguments.of("topk(5, x)", "topk(5, x)"),
                Arguments.of("count_values(\"v\", x)", "count_values(\"v\", x)"),
                Arguments.of("a / on(job) group_left(inst) b", "a / on (job) group_left (inst) b"),
                Arguments.of("a > bool ignoring(x) b", "a > bool ignoring (x) b"),
                Arguments.of("a and on() b", "a and on () b"),
                Arguments.of("2 ^ 3 ^ 2", "2 ^ 3 ^ 2"),
                Arguments.of("-2 ^ 2", "-2 ^ 2"),
                Arguments.of("(a + b) * c", "(a + b) * c"),
                Arguments.of("label_replace(up, \"d\", \"$1\", \"s\", \"(.*)\")",
                        "label_replace(up, \"d\", \"$1\", \"s\", \"(.*)\")"),
                Arguments.of("histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))",
                        "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))"),
                Arguments.of("foo:bar:rate5m", "foo:bar:rate5m"),
                Arguments.of("time()", "time()"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsCanonicallyAndRoundTrips(String query, String canonical) {
        Expr e = Parser.parse(query);
        assertThat(e.print()).isEqualTo(canonical);
        assertThat(Parser.parse(canonical).print()).isEqualTo(canonical);
    }

    @org.junit.jupiter.api.Test
    void precedenceAndAssociativity() {
        Expr e = Parser.parse("1 + 2 * 3 ^ 2 ^ 2 - 4 / 2");
        assertThat(e).isInstanceOf(Expr.Binary.class);
        Expr.Binary b = (Expr.Binary) e;
        assertThat(b.op()).isEqualTo(BinaryOp.SUB);
        Expr.Binary pow = (Expr.Binary) ((Expr.Binary) ((Expr.Binary) b.lhs()).rhs()).rhs();
        assertThat(pow.op()).isEqualTo(BinaryOp.POW);
        assertThat(((Expr.Binary) pow.rhs()).op()).isEqualTo(BinaryOp.POW);
        Expr u = Parser.parse("-a * b");
        assertThat(((Expr.Binary) u).lhs()).isInstanceOf(Expr.Unary.class);
        assertThat(Parser.parse("a or b and c unless d")).satisfies(x -> assertThat(((Expr.Binary) x).op()).isEqualTo(BinaryOp.OR));
    }
}
