package ai.gatewayz.obs.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.otlp.OtlpBody;
import ai.gatewayz.obs.otlp.OtlpEncoding;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OtlpMetricsReceiverTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long NOW_NS = NOW * 1_000_000L;
    private final TestClock clock = TestClock.atMillis(NOW);
    private final Storage storage = new MemoryStorage();

    private OtlpMetricsReceiver receiver(TenantLimits limits, OtlpMetricsReceiver.Options options) {
        return new OtlpMetricsReceiver(IngestOptions.defaults(), new LimitsRegistry(limits, Map.of()),
                new IngestionRateLimiter(clock), clock, options);
    }

    private OtlpMetricsReceiver receiver() {
        return receiver(TenantLimits.defaults(), OtlpMetricsReceiver.Options.defaults());
    }

    /** Every stored series as "labels -> t=v ..." lines, sorted. */
    private List<String> dump() {
        List<String> out = new ArrayList<>();
        try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            SampleIterator it = null;
            while (set.next()) {
                StringBuilder sb = new StringBuilder(set.at().labels().toString()).append(" ->");
                it = set.at().iterator(it);
                while (it.next()) {
                    sb.append(' ').append(it.t()).append('=').append(Values.isStaleNaN(it.v()) ? "stale" : Double.toString(it.v()));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    private List<String> histograms() {
        List<String> out = new ArrayList<>();
        try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            while (set.next()) {
                HistogramIterator it = set.at().histogramIterator(null);
                while (it.next()) {
                    out.add(set.at().labels() + " -> " + it.t() + "=" + it.h());
                }
            }
        }
        return out;
    }

    private static KeyValue attr(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static ExportMetricsServiceRequest export(Resource resource, Metric... metrics) {
        ScopeMetrics.Builder sm = ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("lib").setVersion("1.2"));
        for (Metric m : metrics) {
            sm.addMetrics(m);
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(sm)).build();
    }

    private static Resource gateway() {
        return Resource.newBuilder().addAttributes(attr("service.name", "gateway")).addAttributes(attr("service.namespace", "gz"))
                .addAttributes(attr("service.instance.id", "pod-1")).addAttributes(attr("deployment.environment", "prod")).build();
    }

    private static Metric counter(String name, AggregationTemporality temporality, NumberDataPoint... points) {
        Sum.Builder s = Sum.newBuilder().setIsMonotonic(true).setAggregationTemporality(temporality);
        for (NumberDataPoint p : points) {
            s.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setUnit("{request}").setSum(s).build();
    }

    @Test
    void theOtlpExamplesCorpusIngestsAndReadsBack() throws IOException {
        byte[] json = Files.readAllBytes(Peers.corpus("otlp-examples").resolve("metrics.json"));
        ExportMetricsServiceRequest req = OtlpMetricsReceiver.parse(new OtlpBody(OtlpEncoding.JSON, json));
        TestClock old = TestClock.atMillis(1_544_712_660_300L);
        OtlpWriteResult r = new OtlpMetricsReceiver(IngestOptions.defaults(), new LimitsRegistry(TenantLimits.defaults(), Map.of()),
                new IngestionRateLimiter(old), old, OtlpMetricsReceiver.Options.defaults()).write("t", storage, req);

        // the corpus's exponential histogram is a delta one: those are not accumulated (yet)
        assertThat(r.rejectedDataPoints()).isEqualTo(1);
        assertThat(r.errors()).containsExactly(
                "delta exponential histograms are not accumulated into cumulative ones [metric=my.exponential.histogram]");
        assertThat(dump()).containsExactly(
                "{__name__=\"my_counter_total\", job=\"my.service\", my_counter_attr=\"some value\"} -> 1544712660300=5.0",
                "{__name__=\"my_gauge_ratio\", job=\"my.service\", my_gauge_attr=\"some value\"} -> 1544712660300=10.0",
                "{__name__=\"my_histogram_bucket\", job=\"my.service\", le=\"+Inf\", my_histogram_attr=\"some value\"} -> 1544712660300=2.0",
                "{__name__=\"my_histogram_bucket\", job=\"my.service\", le=\"1\", my_histogram_attr=\"some value\"} -> 1544712660300=1.0",
                "{__name__=\"my_histogram_count\", job=\"my.service\", my_histogram_attr=\"some value\"} -> 1544712660300=2.0",
                "{__name__=\"my_histogram_sum\", job=\"my.service\", my_histogram_attr=\"some value\"} -> 1544712660300=2.0");
        assertThat(r.samplesWritten()).isEqualTo(6);
    }

    @Test
    void cumulativeExponentialHistogramsBecomeNativeHistograms() throws IOException {
        byte[] json = Files.readAllBytes(Peers.corpus("otlp-examples").resolve("metrics.json"));
        ExportMetricsServiceRequest.Builder req = OtlpMetricsReceiver.parse(new OtlpBody(OtlpEncoding.JSON, json)).toBuilder();
        var metric = req.getResourceMetricsBuilder(0).getScopeMetricsBuilder(0).getMetricsBuilderList().stream()
                .filter(m -> m.getName().equals("my.exponential.histogram")).findFirst().orElseThrow();
        metric.getExponentialHistogramBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        TestClock old = TestClock.atMillis(1_544_712_660_300L);
        OtlpWriteResult r = new OtlpMetricsReceiver(IngestOptions.defaults(), new LimitsRegistry(TenantLimits.defaults(), Map.of()),
                new IngestionRateLimiter(old), old, OtlpMetricsReceiver.Options.defaults()).write("t", storage, req.build());
        // scale 0, offset 1, counts [0, 2]: Prometheus buckets 2 and 3, i.e. (2, 4] and (4, 8]
        assertThat(r.errors()).isEmpty();
        assertThat(r.histogramsWritten()).isEqualTo(1);
        assertThat(histograms()).containsExactly("{__name__=\"my_exponential_histogram\", job=\"my.service\", "
                + "my_exponential_histogram_attr=\"some value\"} -> 1544712660300=" + Histogram.ofIntegerCounts(
                        ResetHint.UNKNOWN, 0, 0, 1, 3, 10, new Span[] {new Span(2, 2)}, new long[] {0, 2}, new Span[0],
                        new long[0]));
    }

    @Test
    void resourceBecomesJobInstanceAndTargetInfo() {
        NumberDataPoint p = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setAsInt(7)
                .addAttributes(attr("gen_ai.provider.name", "openai")).build();
        OtlpWriteResult r = receiver().write("t", storage,
                export(gateway(), counter("gatewayz.requests", AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, p)));
        assertThat(r.ok()).isTrue();
        assertThat(dump()).containsExactly(
                "{__name__=\"gatewayz_requests_total\", gen_ai_provider_name=\"openai\", instance=\"pod-1\", job=\"gz/gateway\"} -> "
                        + NOW + "=7.0",
                "{__name__=\"target_info\", deployment_environment=\"prod\", instance=\"pod-1\", job=\"gz/gateway\"} -> " + NOW + "=1.0");
    }

    @Test
    void promotedResourceAttributesAndScopeLabelsWhenConfigured() {
        NumberDataPoint p = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setAsDouble(0.25).build();
        Metric g = Metric.newBuilder().setName("cache.hit").setUnit("1").setGauge(Gauge.newBuilder().addDataPoints(p)).build();
        receiver(TenantLimits.defaults(), new OtlpMetricsReceiver.Options(List.of("deployment.environment"), true, true, 10))
                .write("t", storage, export(gateway(), g));
        assertThat(dump()).first().isEqualTo("{__name__=\"cache_hit_ratio\", deployment_environment=\"prod\", instance=\"pod-1\", "
                + "job=\"gz/gateway\", otel_scope_name=\"lib\", otel_scope_version=\"1.2\"} -> " + NOW + "=0.25");
    }

    @Test
    void collidingAttributeNamesKeepBothValues() {
        NumberDataPoint p = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setAsDouble(1)
                .addAttributes(attr("a.b", "x")).addAttributes(attr("a_b", "y")).build();
        Metric g = Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder().addDataPoints(p)).build();
        receiver().write("t", storage, export(Resource.getDefaultInstance(), g));
        assertThat(dump()).containsExactly("{__name__=\"g\", a_b=\"x;y\"} -> " + NOW + "=1.0");
    }

    @Test
    void deltaPointsAccumulateIntoACounter() {
        OtlpMetricsReceiver rx = receiver();
        for (int i = 0; i < 3; i++) {
            NumberDataPoint p = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS + i * 1_000_000_000L).setAsInt(i + 2).build();
            assertThat(rx.write("t", storage, export(Resource.getDefaultInstance(),
                    counter("delta.requests", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, p))).ok()).isTrue();
        }
        assertThat(dump()).containsExactly("{__name__=\"delta_requests_total\"} -> " + NOW + "=2.0 " + (NOW + 1000) + "=5.0 "
                + (NOW + 2000) + "=9.0");
    }

    @Test
    void deltaIsRefusedPerPointWhenConfiguredWhileTheRestIsKept() {
        NumberDataPoint p = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setAsInt(1).build();
        Metric g = Metric.newBuilder().setName("up").setGauge(Gauge.newBuilder().addDataPoints(p)).build();
        OtlpWriteResult r = receiver(TenantLimits.defaults(), new OtlpMetricsReceiver.Options(List.of(), false, false, 10)).write("t", storage, export(Resource.getDefaultInstance(),
                counter("delta.requests", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, p, p), g));
        assertThat(r.rejectedDataPoints()).isEqualTo(2);
        assertThat(r.message()).isEqualTo("2 data point(s) rejected; first errors: "
                + "only cumulative temporality is accepted, convert delta to cumulative before sending [metric=delta.requests, temporality=delta]; "
                + "only cumulative temporality is accepted, convert delta to cumulative before sending [metric=delta.requests, temporality=delta]");
        assertThat(dump()).containsExactly("{__name__=\"up\"} -> " + NOW + "=1.0");
    }

    @Test
    void noRecordedValueIsAStaleMarkerAndExemplarsAreKept() {
        byte[] trace = new byte[16];
        trace[15] = 1;
        byte[] span = new byte[8];
        span[7] = 2;
        NumberDataPoint live = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setAsInt(3)
                .addExemplars(Exemplar.newBuilder().setAsDouble(1).setTimeUnixNano(NOW_NS).setTraceId(ByteString.copyFrom(trace))
                        .setSpanId(ByteString.copyFrom(span)))
                .build();
        NumberDataPoint gone = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS + 1_000_000_000L).setFlags(1).build();
        OtlpWriteResult r = receiver().write("t", storage, export(Resource.getDefaultInstance(),
                counter("calls", AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, live, gone)));
        assertThat(r.exemplarsWritten()).isEqualTo(1);
        assertThat(dump()).containsExactly("{__name__=\"calls_total\"} -> " + NOW + "=3.0 " + (NOW + 1000) + "=stale");
    }

    @Test
    void badHistogramShapeNamesTheCounts() {
        var h = io.opentelemetry.proto.metrics.v1.Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(io.opentelemetry.proto.metrics.v1.HistogramDataPoint.newBuilder().setTimeUnixNano(NOW_NS)
                        .addExplicitBounds(1).addExplicitBounds(2).addBucketCounts(1).setCount(1));
        OtlpWriteResult r = receiver().write("t", storage,
                export(Resource.getDefaultInstance(), Metric.newBuilder().setName("h").setUnit("s").setHistogram(h).build()));
        assertThat(r.errors()).containsExactly(
                "histogram bucket_counts must have one more entry than explicit_bounds [metric=h, bucket_counts=1, explicit_bounds=2]");
        assertThat(dump()).isEmpty();
    }

    @Test
    void overTheIngestionRateNothingIsWritten() {
        TenantLimits limited = new TenantLimits(TenantLimits.defaults().maxSeries(), 0, 0, 0, 1, 1);
        NumberDataPoint p = NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NS).setAsInt(1).build();
        Metric g = Metric.newBuilder().setName("up").setGauge(Gauge.newBuilder().addDataPoints(p).addDataPoints(p)).build();
        assertThatThrownBy(() -> receiver(limited, OtlpMetricsReceiver.Options.defaults())
                .write("t", storage, export(Resource.getDefaultInstance(), g)))
                .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_REQUESTS));
        assertThat(dump()).isEmpty();
    }

    @Test
    void boundsPrintAsPrometheusDoes() {
        Map<Double, String> cases = new TreeMap<>(Map.of(0.005, "0.005", 1e-5, "0.00001", 1000.0, "1000", 2.5, "2.5",
                1e21, "1000000000000000000000"));
        cases.forEach((v, s) -> assertThat(ai.gatewayz.obs.common.GoFloat.formatPlain(v)).isEqualTo(s));
    }
}
