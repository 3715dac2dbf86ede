package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.HistogramErrors;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.otlp.AnyValues;
import ai.gatewayz.obs.otlp.OtlpBody;
import ai.gatewayz.obs.otlp.OtlpEncoding;
import ai.gatewayz.obs.otlp.OtlpErrors;
import ai.gatewayz.obs.otlp.OtlpJson;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OTLP metrics (POST /otlp/v1/metrics) stored as Prometheus 3 stores them: names and labels by
 * {@link OtlpNames}; {@code service.namespace}/{@code service.name} → {@code job},
 * {@code service.instance.id} → {@code instance}; the other resource attributes on a
 * {@code target_info} series (and as labels of every series where configured); cumulative sums
 * as counters, non-monotonic sums and gauges as gauges, explicit histograms as classic
 * {@code _bucket}/{@code _sum}/{@code _count} series, summaries as quantile series; exemplars kept
 * (on the bucket they fall in). Delta sums and histograms are converted to cumulative values by
 * {@link DeltaAccumulator} (or refused, when configured so); cumulative exponential histograms as
 * native histograms ({@link OtlpExponentialHistograms}; delta ones are refused, and a storage that
 * does not keep native histograms refuses them per point); refusals are answered as an OTLP
 * partial success. Thread-safe (one appender per request).
 */
public final class OtlpMetricsReceiver {
    private static final int MAX_ERRORS = 5;
    private static final long NO_RECORDED_VALUE = 1;
    private static final Set<String> IDENTIFYING = Set.of("service.name", "service.namespace", "service.instance.id");
    private static final HexFormat HEX = HexFormat.of();

    /**
     * What the configuration may change: resource attributes copied onto every series, scope
     * labels, and whether delta points are converted (tracking at most {@code deltaSeries} series
     * per tenant) or refused.
     */
    public record Options(List<String> promoteResourceAttributes, boolean promoteScopeMetadata, boolean convertDelta,
            int deltaSeries) {
        public Options {
            promoteResourceAttributes = List.copyOf(promoteResourceAttributes);
        }

        public static Options defaults() {
            return new Options(List.of(), false, true, 100_000);
        }
    }

    private final IngestOptions opts;
    private final LimitsRegistry limits;
    private final IngestionRateLimiter limiter;
    private final Clock clock;
    private final Options options;
    private final java.util.concurrent.ConcurrentHashMap<String, DeltaAccumulator> deltas = new java.util.concurrent.ConcurrentHashMap<>();

    public OtlpMetricsReceiver(IngestOptions opts, LimitsRegistry limits, IngestionRateLimiter limiter, Clock clock, Options options) {
        this.opts = opts;
        this.limits = limits;
        this.limiter = limiter;
        this.clock = clock;
        this.options = options;
    }

    /** Decodes a body read by {@link OtlpBody}. */
    public static ExportMetricsServiceRequest parse(OtlpBody body) {
        if (body.encoding() == OtlpEncoding.JSON) {
            return OtlpJson.parse(new String(body.bytes(), StandardCharsets.UTF_8), ExportMetricsServiceRequest.newBuilder(),
                    "ExportMetricsServiceRequest").build();
        }
        try {
            return ExportMetricsServiceRequest.parseFrom(body.bytes());
        } catch (InvalidProtocolBufferException e) {
            throw OtlpErrors.badProtobuf("ExportMetricsServiceRequest", e.getMessage());
        }
    }

    /** Stores one export for {@code tenant}; throws SuiteException (429) when over the ingestion rate. */
    public OtlpWriteResult write(String tenant, Storage storage, ExportMetricsServiceRequest req) {
        TenantLimits tl = limits.forTenant(tenant);
        long n = sampleCount(req);
        if (!limiter.tryAcquire(tenant, tl, n)) {
            throw IngestErrors.rateLimited(tenant, tl.ingestionRate(), n);
        }
        Batch b = new Batch(storage.appender(), tl, deltas.computeIfAbsent(tenant, t -> new DeltaAccumulator(options.deltaSeries())));
        try {
            for (ResourceMetrics rm : req.getResourceMetricsList()) {
                b.resource(rm);
            }
        } catch (RuntimeException e) {
            b.app.rollback();
            throw e;
        }
        b.app.commit();
        return new OtlpWriteResult(b.samples, b.histograms, b.exemplars, b.rejected, List.copyOf(b.errors));
    }

    /** The samples an export can write, for the rate limit (a histogram point is its buckets, sum and count). */
    static long sampleCount(ExportMetricsServiceRequest req) {
        long n = 0;
        for (ResourceMetrics rm : req.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    n += switch (m.getDataCase()) {
                        case GAUGE -> m.getGauge().getDataPointsCount();
                        case SUM -> m.getSum().getDataPointsCount();
                        case HISTOGRAM -> m.getHistogram().getDataPointsList().stream()
                                .mapToLong(p -> p.getExplicitBoundsCount() + 3L).sum();
                        case SUMMARY -> m.getSummary().getDataPointsList().stream()
                                .mapToLong(p -> p.getQuantileValuesCount() + 2L).sum();
                        default -> 0;
                    };
                }
            }
        }
        return n;
    }

    /** The state of one export being written. */
    private final class Batch {
        final Appender app;
        final TenantLimits tl;
        final LabelValidator lv = new LabelValidator(opts.legacyNameValidation());
        final long maxT = clock.millis() + opts.maxFuture().toMillis();
        final List<String> errors = new ArrayList<>();
        long samples;
        long histograms;
        long exemplars;
        long rejected;
        /** Labels from the resource and scope, shared by every series of the current scope. */
        TreeMap<String, String> base;
        long latestT = Long.MIN_VALUE;
        final DeltaAccumulator totals;
        /** Whether the metric being written carries delta values to accumulate. */
        boolean delta;

        Batch(Appender app, TenantLimits tl, DeltaAccumulator totals) {
            this.app = app;
            this.tl = tl;
            this.totals = totals;
        }

        void reject(String message) {
            rejected++;
            if (errors.size() < MAX_ERRORS) {
                errors.add(message);
            }
        }

        void resource(ResourceMetrics rm) {
            List<KeyValue> attrs = rm.getResource().getAttributesList();
            TreeMap<String, String> resourceLabels = new TreeMap<>();
            String service = null;
            String namespace = null;
            String instance = null;
            for (KeyValue kv : attrs) {
                switch (kv.getKey()) {
                    case "service.name" -> service = AnyValues.text(kv.getValue());
                    case "service.namespace" -> namespace = AnyValues.text(kv.getValue());
                    case "service.instance.id" -> instance = AnyValues.text(kv.getValue());
                    default -> {
                    }
                }
            }
            if (service != null && !service.isEmpty()) {
                resourceLabels.put("job", namespace == null || namespace.isEmpty() ? service : namespace + "/" + service);
            }
            if (instance != null && !instance.isEmpty()) {
                resourceLabels.put("instance", instance);
            }
            TreeMap<String, String> promoted = new TreeMap<>();
            for (String key : options.promoteResourceAttributes()) {
                for (KeyValue kv : attrs) {
                    if (kv.getKey().equals(key)) {
                        putJoined(promoted, key, AnyValues.text(kv.getValue()));
                    }
                }
            }
            latestT = Long.MIN_VALUE;
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                base = new TreeMap<>(sanitized(promoted));
                scope(sm.getScope());
                base.putAll(resourceLabels);
                for (Metric m : sm.getMetricsList()) {
                    metric(m);
                }
            }
            targetInfo(attrs, resourceLabels);
        }

        void scope(InstrumentationScope scope) {
            if (!options.promoteScopeMetadata() || scope.getName().isEmpty()) {
                return;
            }
            base.put("otel_scope_name", scope.getName());
            if (!scope.getVersion().isEmpty()) {
                base.put("otel_scope_version", scope.getVersion());
            }
            TreeMap<String, String> scopeAttrs = new TreeMap<>();
            for (KeyValue kv : scope.getAttributesList()) {
                putJoined(scopeAttrs, "otel_scope_" + kv.getKey(), AnyValues.text(kv.getValue()));
            }
            base.putAll(sanitized(scopeAttrs));
        }

        /** {@code target_info} carries the resource attributes that are not job and instance, at the export's latest time. */
        void targetInfo(List<KeyValue> attrs, TreeMap<String, String> resourceLabels) {
            TreeMap<String, String> raw = new TreeMap<>();
            for (KeyValue kv : attrs) {
                if (!IDENTIFYING.contains(kv.getKey())) {
                    putJoined(raw, kv.getKey(), AnyValues.text(kv.getValue()));
                }
            }
            if (raw.isEmpty() || latestT == Long.MIN_VALUE) {
                return;
            }
            TreeMap<String, String> labels = sanitized(raw);
            labels.putAll(resourceLabels);
            labels.put(Labels.METRIC_NAME, "target_info");
            sample(labels, latestT, 1.0, "target_info");
            app.updateMetadata(Labels.of(Labels.METRIC_NAME, "target_info"),
                    new Metadata(MetricType.GAUGE, "Target metadata", ""));
        }

        void metric(Metric m) {
            delta = false;
            switch (m.getDataCase()) {
                case GAUGE -> numbers(m, m.getGauge().getDataPointsList(), OtlpNames.Kind.GAUGE, MetricType.GAUGE);
                case SUM -> {
                    var sum = m.getSum();
                    if (!cumulative(m, sum.getAggregationTemporality(), sum.getDataPointsCount())) {
                        return;
                    }
                    if (sum.getIsMonotonic()) {
                        numbers(m, sum.getDataPointsList(), OtlpNames.Kind.COUNTER, MetricType.COUNTER);
                    } else {
                        numbers(m, sum.getDataPointsList(), OtlpNames.Kind.NON_MONOTONIC_SUM, MetricType.GAUGE);
                    }
                }
                case HISTOGRAM -> {
                    var h = m.getHistogram();
                    if (cumulative(m, h.getAggregationTemporality(), h.getDataPointsCount())) {
                        histograms(m, h.getDataPointsList());
                    }
                }
                case SUMMARY -> summaries(m, m.getSummary().getDataPointsList());
                case EXPONENTIAL_HISTOGRAM -> {
                    var h = m.getExponentialHistogram();
                    if (cumulative(m, h.getAggregationTemporality(), h.getDataPointsCount())) {
                        exponentialHistograms(m, h.getDataPointsList());
                    }
                }
                default -> reject("metric without data [metric=" + m.getName() + "]");
            }
        }

        boolean cumulative(Metric m, AggregationTemporality t, int points) {
            if (t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
                return true;
            }
            if (t == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA && options.convertDelta()) {
                delta = true;
                return true;
            }
            String name = t == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA ? "delta" : "unspecified";
            for (int i = 0; i < points; i++) {
                reject("only cumulative temporality is accepted, convert delta to cumulative before sending [metric="
                        + m.getName() + ", temporality=" + name + "]");
            }
            return false;
        }

        String name(Metric m, OtlpNames.Kind kind, MetricType type) {
            String name = OtlpNames.metric(m.getName(), m.getUnit(), kind);
            if (!name.isEmpty()) {
                app.updateMetadata(Labels.of(Labels.METRIC_NAME, name), new Metadata(type, m.getDescription(), OtlpNames.unit(m.getUnit())));
            }
            return name;
        }

        void numbers(Metric m, List<NumberDataPoint> points, OtlpNames.Kind kind, MetricType type) {
            String name = name(m, kind, type);
            for (NumberDataPoint p : points) {
                if (name.isEmpty()) {
                    reject("metric name has no valid characters [metric=" + m.getName() + "]");
                    continue;
                }
                TreeMap<String, String> labels = labels(p.getAttributesList(), name);
                long t = millis(p.getTimeUnixNano());
                double v = (p.getFlags() & NO_RECORDED_VALUE) != 0 ? Values.STALE_NAN
                        : p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
                Written w = sample(labels, t, v, m.getName());
                if (w != null) {
                    for (var e : p.getExemplarsList()) {
                        exemplar(w, e);
                    }
                }
            }
        }

        void histograms(Metric m, List<HistogramDataPoint> points) {
            String name = name(m, OtlpNames.Kind.HISTOGRAM, MetricType.HISTOGRAM);
            for (HistogramDataPoint p : points) {
                if (name.isEmpty()) {
                    reject("metric name has no valid characters [metric=" + m.getName() + "]");
                    continue;
                }
                int bounds = p.getExplicitBoundsCount();
                if (p.getBucketCountsCount() != 0 && p.getBucketCountsCount() != bounds + 1) {
                    reject("histogram bucket_counts must have one more entry than explicit_bounds [metric=" + m.getName()
                            + ", bucket_counts=" + p.getBucketCountsCount() + ", explicit_bounds=" + bounds + "]");
                    continue;
                }
                boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
                long t = millis(p.getTimeUnixNano());
                TreeMap<String, String> labels = labels(p.getAttributesList(), name + "_bucket");
                Written[] buckets = new Written[bounds + 1];
                long cumulative = 0;
                for (int i = 0; i < bounds; i++) {
                    if (p.getBucketCountsCount() > 0) {
                        cumulative += p.getBucketCounts(i);
                    }
                    labels.put("le", GoFloat.formatPlain(p.getExplicitBounds(i)));
                    buckets[i] = sample(labels, t, stale ? Values.STALE_NAN : cumulative, m.getName());
                }
                labels.put("le", "+Inf");
                buckets[bounds] = sample(labels, t, stale ? Values.STALE_NAN : p.getCount(), m.getName());
                labels.remove("le");
                if (p.hasSum()) {
                    labels.put(Labels.METRIC_NAME, name + "_sum");
                    sample(labels, t, stale ? Values.STALE_NAN : p.getSum(), m.getName());
                }
                labels.put(Labels.METRIC_NAME, name + "_count");
                sample(labels, t, stale ? Values.STALE_NAN : p.getCount(), m.getName());
                for (var e : p.getExemplarsList()) {
                    double v = e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble();
                    int i = 0;
                    while (i < bounds && v > p.getExplicitBounds(i)) {
                        i++;
                    }
                    if (buckets[i] != null) {
                        exemplar(buckets[i], e);
                    }
                }
            }
        }

        /** Each point becomes one native histogram sample of the series named after the metric. */
        void exponentialHistograms(Metric m, List<ExponentialHistogramDataPoint> points) {
            String name = name(m, OtlpNames.Kind.HISTOGRAM, MetricType.HISTOGRAM);
            for (ExponentialHistogramDataPoint p : points) {
                if (name.isEmpty()) {
                    reject("metric name has no valid characters [metric=" + m.getName() + "]");
                    continue;
                }
                if (delta) {
                    reject("delta exponential histograms are not accumulated into cumulative ones [metric=" + m.getName() + "]");
                    continue;
                }
                long t = millis(p.getTimeUnixNano());
                if (t > maxT) {
                    reject("sample timestamp too far in the future [timestamp=" + t + ", max=" + maxT + ", metric=" + m.getName() + "]");
                    continue;
                }
                Histogram h;
                try {
                    h = OtlpExponentialHistograms.of(p, (p.getFlags() & NO_RECORDED_VALUE) != 0);
                } catch (HistogramErrors.Invalid e) {
                    String msg = e.getMessage();
                    reject(msg.substring(0, msg.length() - 1) + ", metric=" + m.getName() + "]");
                    continue;
                }
                lv.reset();
                for (Map.Entry<String, String> e : labels(p.getAttributesList(), name).entrySet()) {
                    lv.add(e.getKey(), e.getValue());
                }
                try {
                    app.appendHistogram(0, lv.build(tl), t, h);
                    histograms++;
                    latestT = Math.max(latestT, t);
                } catch (LabelValidator.InvalidSeries | StorageErrors.SampleRejected e) {
                    reject(e.getMessage());
                }
            }
        }

        void summaries(Metric m, List<SummaryDataPoint> points) {
            String name = name(m, OtlpNames.Kind.SUMMARY, MetricType.SUMMARY);
            for (SummaryDataPoint p : points) {
                if (name.isEmpty()) {
                    reject("metric name has no valid characters [metric=" + m.getName() + "]");
                    continue;
                }
                boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
                long t = millis(p.getTimeUnixNano());
                TreeMap<String, String> labels = labels(p.getAttributesList(), name);
                for (var q : p.getQuantileValuesList()) {
                    labels.put("quantile", GoFloat.formatPlain(q.getQuantile()));
                    sample(labels, t, stale ? Values.STALE_NAN : q.getValue(), m.getName());
                }
                labels.remove("quantile");
                labels.put(Labels.METRIC_NAME, name + "_sum");
                sample(labels, t, stale ? Values.STALE_NAN : p.getSum(), m.getName());
                labels.put(Labels.METRIC_NAME, name + "_count");
                sample(labels, t, stale ? Values.STALE_NAN : p.getCount(), m.getName());
            }
        }

        /** Data point attributes over the shared resource and scope labels; the metric name last so nothing overrides it. */
        TreeMap<String, String> labels(List<KeyValue> attrs, String metricName) {
            TreeMap<String, String> raw = new TreeMap<>();
            for (KeyValue kv : attrs) {
                putJoined(raw, kv.getKey(), AnyValues.text(kv.getValue()));
            }
            TreeMap<String, String> out = sanitized(raw);
            for (Map.Entry<String, String> e : base.entrySet()) {
                if (e.getKey().equals("job") || e.getKey().equals("instance") || !out.containsKey(e.getKey())) {
                    out.put(e.getKey(), e.getValue());
                }
            }
            out.put(Labels.METRIC_NAME, metricName);
            return out;
        }

        /** A stored series and its reference, for exemplars. */
        record Written(long ref, Labels labels) {
        }

        Written sample(TreeMap<String, String> labels, long t, double v, String metric) {
            if (t > maxT) {
                reject("sample timestamp too far in the future [timestamp=" + t + ", max=" + maxT + ", metric=" + metric + "]");
                return null;
            }
            lv.reset();
            for (Map.Entry<String, String> e : labels.entrySet()) {
                lv.add(e.getKey(), e.getValue());
            }
            Labels ls;
            try {
                ls = lv.build(tl);
            } catch (LabelValidator.InvalidSeries e) {
                reject(e.getMessage());
                return null;
            }
            if (delta && !Values.isStaleNaN(v)) {
                v = totals.add(ls, v);
            }
            try {
                long ref = app.append(0, ls, t, v);
                samples++;
                latestT = Math.max(latestT, t);
                return new Written(ref, ls);
            } catch (StorageErrors.SampleRejected e) {
                reject(e.getMessage());
                return null;
            }
        }

        void exemplar(Written w, io.opentelemetry.proto.metrics.v1.Exemplar e) {
            Labels.Builder b = Labels.builder();
            for (KeyValue kv : e.getFilteredAttributesList()) {
                String key = OtlpNames.label(kv.getKey());
                if (!key.isEmpty()) {
                    b.set(key, AnyValues.text(kv.getValue()));
                }
            }
            if (!e.getTraceId().isEmpty()) {
                b.set("trace_id", HEX.formatHex(e.getTraceId().toByteArray()));
            }
            if (!e.getSpanId().isEmpty()) {
                b.set("span_id", HEX.formatHex(e.getSpanId().toByteArray()));
            }
            double v = e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble();
            try {
                app.appendExemplar(w.ref(), w.labels(), new Exemplar(b.build(), v, millis(e.getTimeUnixNano())));
                exemplars++;
            } catch (StorageErrors.SampleRejected ex) {
                reject(ex.getMessage());
            }
        }
    }

    /** Keys sanitized to label names; two keys that sanitize alike keep both values, joined by ';' in key order. */
    private static TreeMap<String, String> sanitized(TreeMap<String, String> raw) {
        TreeMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = OtlpNames.label(e.getKey());
            if (!key.isEmpty()) {
                out.merge(key, e.getValue(), (a, b) -> a + ";" + b);
            }
        }
        return out;
    }

    private static void putJoined(TreeMap<String, String> m, String key, String value) {
        m.merge(key, value, (a, b) -> a + ";" + b);
    }

    private static long millis(long unixNano) {
        return Math.floorDiv(unixNano, 1_000_000L);
    }

}
