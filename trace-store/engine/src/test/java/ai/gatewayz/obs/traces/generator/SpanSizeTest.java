package ai.gatewayz.obs.traces.generator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.otlp.OtlpEncoder;
import ai.gatewayz.obs.traces.storage.TestSpans;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The computed size equals what protobuf encodes, for spans with every kind of field. */
class SpanSizeTest {
    static Stream<Arguments> spans() {
        Span plain = TestSpans.span(1, 5, 0, "GET /", 1_700_000_000_000_000_000L, 1_000);
        Span negative = new Span(TestSpans.trace(2), 9, 3, "", 0, "", 0, 0, 0,
                List.of(Attr.of("n", -1), new Attr("e", AttrValue.bytes(new byte[0])), Attr.of("s", ""),
                        new Attr("d", AttrValue.dbl(0)), new Attr("b", AttrValue.bool(false))),
                0, List.of(), 0, List.of(), 0, 0, "only message", TestSpans.GATEWAY, TestSpans.SCOPE);
        return Stream.of(Arguments.of("gateway span", plain), Arguments.of("rich span", TestSpans.rich(3, 77, 1_700_000_000_000_000_000L)),
                Arguments.of("defaults and negatives", negative));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spans")
    void equalsTheEncodedSize(String name, Span s) {
        assertThat(SpanSize.of(s)).isEqualTo(OtlpEncoder.span(s).getSerializedSize());
    }
}
