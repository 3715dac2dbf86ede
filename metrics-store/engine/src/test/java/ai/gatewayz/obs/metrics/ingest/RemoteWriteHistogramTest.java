package ai.gatewayz.obs.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.proto.prometheus.v2.RemoteWriteV2;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** Native histograms in remote write 1.0 and 2.0, stored into the in-memory storage and read back. */
class RemoteWriteHistogramTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
    private final TestClock clock = TestClock.atMillis(NOW);
    private final Storage storage = new MemoryStorage();
    private final RemoteWriteReceiver receiver = new RemoteWriteReceiver(IngestOptions.defaults(),
            new LimitsRegistry(TenantLimits.unlimited(), Map.of()), new IngestionRateLimiter(clock), clock);

    private static RemoteWriteV1.BucketSpan span1(int offset, int length) {
        return RemoteWriteV1.BucketSpan.newBuilder().setOffset(offset).setLength(length).build();
    }

    /** A histogram as Prometheus 2.42 remote-writes it: integer counts, bucket deltas. */
    private static RemoteWriteV1.Histogram.Builder intV1(long t) {
        return RemoteWriteV1.Histogram.newBuilder().setTimestamp(t).setCountInt(12).setSum(36.5).setSchema(0)
                .setZeroThreshold(0.001).setZeroCountInt(2)
                .addPositiveSpans(span1(0, 2)).addPositiveSpans(span1(1, 2)).addAllPositiveDeltas(List.of(1L, 1L, -1L, 0L))
                .addNegativeSpans(span1(1, 1)).addNegativeDeltas(3)
                .setResetHint(RemoteWriteV1.Histogram.ResetHint.NO);
    }

    private WriteResult writeV1(RemoteWriteV1.Histogram.Builder... hs) throws IOException {
        RemoteWriteV1.TimeSeries.Builder ts = RemoteWriteV1.TimeSeries.newBuilder()
                .addLabels(RemoteWriteV1.Label.newBuilder().setName("__name__").setValue("rpc_seconds"));
        for (RemoteWriteV1.Histogram.Builder h : hs) {
            ts.addHistograms(h);
        }
        byte[] b = Snappy.compress(RemoteWriteV1.WriteRequest.newBuilder().addTimeseries(ts).build().toByteArray());
        return receiver.write("t", storage, null, "snappy", b);
    }

    private List<String> stored() {
        List<String> out = new ArrayList<>();
        try (Querier q = storage.querier(0, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.eq("__name__", "rpc_seconds")));
            while (set.next()) {
                HistogramIterator it = set.at().histogramIterator(null);
                while (it.next()) {
                    out.add(it.t() + "=" + it.h());
                }
            }
        }
        return out;
    }

    @Test
    void v1IntegerHistogramsAreStoredWithAbsoluteCounts() throws IOException {
        WriteResult r = writeV1(intV1(NOW - 1000), intV1(NOW));
        assertThat(r.histogramsWritten()).isEqualTo(2);
        assertThat(r.rejected()).isZero();
        Histogram want = Histogram.ofIntegerCounts(ResetHint.NO, 0, 0.001, 2, 12, 36.5,
                new Span[] {new Span(0, 2), new Span(1, 2)}, new long[] {1, 2, 1, 1},
                new Span[] {new Span(1, 1)}, new long[] {3});
        assertThat(stored()).containsExactly((NOW - 1000) + "=" + want, NOW + "=" + want);
    }

    @Test
    void v2FloatHistogramsAreStoredAsFloat() throws IOException {
        RemoteWriteV2.Histogram h = RemoteWriteV2.Histogram.newBuilder().setTimestamp(NOW).setCountFloat(2.5)
                .setSum(-1).setSchema(-2).setZeroCountFloat(0.5)
                .addPositiveSpans(RemoteWriteV2.BucketSpan.newBuilder().setOffset(-1).setLength(2))
                .addAllPositiveCounts(List.of(1.5, 0.5)).setResetHint(RemoteWriteV2.Histogram.ResetHint.RESET_HINT_GAUGE)
                .build();
        RemoteWriteV2.Request req = RemoteWriteV2.Request.newBuilder().addAllSymbols(List.of("", "__name__", "rpc_seconds"))
                .addTimeseries(RemoteWriteV2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(1, 2)).addHistograms(h))
                .build();
        WriteResult r = receiver.write("t", storage, V2, "snappy", Snappy.compress(req.toByteArray()));
        assertThat(r.histogramsWritten()).isEqualTo(1);
        Histogram want = Histogram.ofFloat(ResetHint.GAUGE, -2, 0, 0.5, 2.5, -1, new Span[] {new Span(-1, 2)},
                new double[] {1.5, 0.5}, new Span[0], new double[0]);
        assertThat(stored()).containsExactly(NOW + "=" + want);
    }

    @Test
    void malformedHistogramsAreRefusedOneByOneNamingFieldAndSeries() throws IOException {
        WriteResult r = writeV1(
                intV1(NOW - 3000).clearPositiveDeltas().addAllPositiveDeltas(List.of(1L, 1L)),
                intV1(NOW - 2000).addPositiveCounts(1),
                intV1(NOW - 1000).setSchema(-53).addCustomValues(0.5),
                intV1(NOW).setSchema(12),
                intV1(NOW + 3_600_000),
                intV1(NOW));
        assertThat(r.histogramsWritten()).isEqualTo(1);
        assertThat(r.rejected()).isEqualTo(5);
        assertThat(r.errors()).containsExactly(
                "native histogram spans and bucket counts disagree [side=positive, spanned=4, buckets=2, series={__name__=\"rpc_seconds\"}]",
                "native histogram mixes integer and float fields [reason=count_float needs bucket counts, count_int needs bucket deltas, series={__name__=\"rpc_seconds\"}]",
                "native histograms with custom buckets are not supported [schema=-53, series={__name__=\"rpc_seconds\"}]",
                "native histogram schema out of range [schema=12, min=-4, max=8, series={__name__=\"rpc_seconds\"}]",
                "sample timestamp too far in the future [timestamp=" + (NOW + 3_600_000) + ", max=" + (NOW + 600_000)
                        + ", series={__name__=\"rpc_seconds\"}]");
        assertThat(stored()).hasSize(1);
    }
}
