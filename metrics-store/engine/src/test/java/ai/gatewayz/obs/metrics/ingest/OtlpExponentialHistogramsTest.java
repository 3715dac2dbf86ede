package ai.gatewayz.obs.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.model.HistogramErrors;
import ai.gatewayz.obs.metrics.model.Values;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.Buckets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpExponentialHistogramsTest {
    private static Buckets buckets(int offset, Long... counts) {
        return Buckets.newBuilder().setOffset(offset).addAllBucketCounts(List.of(counts)).build();
    }

    @Test
    void indexesMoveUpByOneAndCountsStayAbsolute() {
        ExponentialHistogramDataPoint p = ExponentialHistogramDataPoint.newBuilder().setScale(3).setCount(9).setSum(4.5)
                .setZeroCount(1).setZeroThreshold(1e-9).setPositive(buckets(-2, 1L, 0L, 3L))
                .setNegative(buckets(4, 4L)).build();
        assertThat(OtlpExponentialHistograms.of(p, false)).isEqualTo(Histogram.ofIntegerCounts(ResetHint.UNKNOWN, 3,
                1e-9, 1, 9, 4.5, new Span[] {new Span(-1, 3)}, new long[] {1, 0, 3}, new Span[] {new Span(5, 1)},
                new long[] {4}));
    }

    @Test
    void scalesAboveEightAreMergedDownToEight() {
        // scale 10 → 8 merges 4 OTLP buckets: OTLP indexes -5..2 fall into 8-scale buckets -2, -1, 0.
        ExponentialHistogramDataPoint p = ExponentialHistogramDataPoint.newBuilder().setScale(10).setCount(36)
                .setPositive(buckets(-5, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L)).build();
        Histogram h = OtlpExponentialHistograms.of(p, false);
        assertThat(h.schema()).isEqualTo(8);
        assertThat(h.positiveSpan(0)).isEqualTo(new Span(-1, 3));
        assertThat(new double[] {h.positiveBucket(0), h.positiveBucket(1), h.positiveBucket(2)})
                .containsExactly(1, 2 + 3 + 4 + 5, 6 + 7 + 8);
    }

    @Test
    void scalesBelowMinusFourAreRefusedAndNoRecordedValueIsStale() {
        assertThatThrownBy(() -> OtlpExponentialHistograms.of(ExponentialHistogramDataPoint.newBuilder().setScale(-5).build(), false))
                .isInstanceOf(HistogramErrors.Invalid.class)
                .hasMessage("native histogram schema out of range [schema=-5, min=-4, max=8]");
        Histogram stale = OtlpExponentialHistograms.of(ExponentialHistogramDataPoint.newBuilder().setScale(0).setSum(3).build(), true);
        assertThat(Values.isStaleNaN(stale.sum())).isTrue();
    }
}
