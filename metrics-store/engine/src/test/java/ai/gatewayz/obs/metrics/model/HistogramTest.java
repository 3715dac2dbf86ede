package ai.gatewayz.obs.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistogramTest {
    private static final Span[] NONE = {};

    private static List<String> buckets(Histogram h) {
        List<String> out = new ArrayList<>();
        h.forEachBucket((lo, hi, loIn, hiIn, c) -> out.add((loIn ? "[" : "(") + lo + "," + hi + (hiIn ? "]" : ")") + "=" + c));
        return out;
    }

    @Test
    void integerDeltasBecomeAbsoluteCountsAndRenderInBoundaryOrder() {
        Histogram h = Histogram.ofIntegerDeltas(ResetHint.UNKNOWN, 0, 0.001, 2, 12, 36.5,
                new Span[] {new Span(0, 2), new Span(1, 2)}, new long[] {1, 1, -1, 0},
                new Span[] {new Span(1, 1)}, new long[] {3});
        assertThat(h.isFloat()).isFalse();
        assertThat(buckets(h)).containsExactly("[-2.0,-1.0)=3.0", "[-0.001,0.001]=2.0", "(0.5,1.0]=1.0",
                "(1.0,2.0]=2.0", "(4.0,8.0]=1.0", "(8.0,16.0]=1.0");
    }

    @Test
    void emptyBucketsAndAnEmptyZeroBucketAreNotRendered() {
        Histogram h = Histogram.ofFloat(ResetHint.GAUGE, 1, 0, 0, 1, 1, new Span[] {new Span(-1, 3)},
                new double[] {0, 1, 0}, NONE, new double[0]);
        assertThat(buckets(h)).containsExactly("(0.7071067811865475,1.0]=1.0");
    }

    @Test
    void boundsArePowersOfTheSchemaBase() {
        // Prometheus's bits (rendered by Prometheus 2.42 in NativeHistogramPeerTest), one ulp off the
        // correctly rounded 2^x in places: boundaries must print identically.
        assertThat(Histogram.upperBound(1, 1)).isEqualTo(1.414213562373095);
        assertThat(Histogram.upperBound(-2, 3)).isEqualTo(0.8408964152537144);
        assertThat(Histogram.upperBound(-1, 3)).isEqualTo(0.9170040432046711);
        assertThat(Histogram.upperBound(-3, 3)).isEqualTo(0.7711054127039704);
        assertThat(Histogram.upperBound(2, 1)).isEqualTo(2.0);
        assertThat(Histogram.upperBound(-3, 2)).isEqualTo(0.5946035575013605);
        assertThat(Histogram.upperBound(3, -2)).isEqualTo(4096.0);
        assertThat(Histogram.upperBound(-1, 0)).isEqualTo(0.5);
        assertThat(Histogram.upperBound(1024, 0)).as("last finite bucket").isEqualTo(Double.MAX_VALUE);
        for (int s = 1; s <= 8; s++) {
            for (int i = -600; i <= 600; i++) {
                double exact = Math.pow(2, i * Math.pow(2, -s));
                assertThat(Math.abs(Histogram.upperBound(i, s) - exact)).as("schema %d index %d", s, i)
                        .isLessThanOrEqualTo(1e-14 * exact);
                if (i % (1 << s) == 0) {
                    assertThat(Histogram.upperBound(i, s)).isEqualTo(exact);
                }
            }
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("schema", (Runnable) () -> Histogram.ofIntegerDeltas(ResetHint.NO, 9, 0, 0, 0, 0, NONE,
                        new long[0], NONE, new long[0]),
                        "native histogram schema out of range [schema=9, min=-4, max=8]"),
                Arguments.of("zero threshold", (Runnable) () -> Histogram.ofFloat(ResetHint.NO, 0, -1, 0, 0, 0, NONE,
                        new double[0], NONE, new double[0]),
                        "native histogram zero threshold must be a non-negative number [zero_threshold=-1.0]"),
                Arguments.of("negative bucket", (Runnable) () -> Histogram.ofIntegerDeltas(ResetHint.NO, 0, 0, 0, 1, 0,
                        new Span[] {new Span(0, 2)}, new long[] {1, -2}, NONE, new long[0]),
                        "native histogram bucket count is negative [side=positive, bucket=1, count=-1]"),
                Arguments.of("negative count", (Runnable) () -> Histogram.ofIntegerDeltas(ResetHint.NO, 0, 0, 0, -4, 0,
                        NONE, new long[0], NONE, new long[0]),
                        "native histogram count is negative [field=count, value=-4]"),
                Arguments.of("span mismatch", (Runnable) () -> Histogram.ofFloat(ResetHint.NO, 0, 0, 0, 0, 0,
                        NONE, new double[0], new Span[] {new Span(0, 2)}, new double[] {1}),
                        "native histogram spans and bucket counts disagree [side=negative, spanned=2, buckets=1]"),
                Arguments.of("negative later offset", (Runnable) () -> Histogram.ofFloat(ResetHint.NO, 0, 0, 0, 0, 0,
                        new Span[] {new Span(-5, 1), new Span(-1, 1)}, new double[] {1, 1}, NONE, new double[0]),
                        "native histogram span has a negative offset or length [side=positive, span=1, offset=-1, length=1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void malformedHistogramsAreRefusedNamingTheField(String name, Runnable build, String message) {
        assertThatThrownBy(build::run).isInstanceOf(HistogramErrors.Invalid.class).hasMessage(message);
    }

    @Test
    void equalityComparesEveryFieldBitExactly() {
        Histogram a = Histogram.ofIntegerCounts(ResetHint.NO, 0, 0, 0, 1, Double.NaN, new Span[] {new Span(0, 1)},
                new long[] {1}, NONE, new long[0]);
        Histogram b = Histogram.ofIntegerCounts(ResetHint.NO, 0, 0, 0, 1, Double.NaN, new Span[] {new Span(0, 1)},
                new long[] {1}, NONE, new long[0]);
        Histogram f = Histogram.ofFloat(ResetHint.NO, 0, 0, 0, 1, Double.NaN, new Span[] {new Span(0, 1)},
                new double[] {1}, NONE, new double[0]);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(f);
    }
}
