package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.generator.GeneratorOptions.SpanMetrics;
import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Tempo's span-metrics processor: per span, {@code traces_spanmetrics_calls_total} +1,
 * {@code traces_spanmetrics_latency} observes the duration in seconds and
 * {@code traces_spanmetrics_size_total} adds the span's OTLP size, all labelled with the enabled
 * intrinsics ({@code service}, {@code span_name}, {@code span_kind}, {@code status_code},
 * optionally {@code status_message}) and the configured dimensions (span attribute, else resource
 * attribute; dots become underscores). Spans refused by the filter policies are not counted.
 *
 * <p>Not thread-safe: owned by one tenant generator, which serialises calls.
 */
final class SpanMetricsProcessor {
    static final String CALLS = "traces_spanmetrics_calls_total";
    static final String LATENCY = "traces_spanmetrics_latency";
    static final String SIZE = "traces_spanmetrics_size_total";

    private final SpanMetrics options;
    private final SpanFilter filter;
    private final SpanAttributes attrs;
    private final int[] dimensionSlots;
    private final String[] values;
    private final SeriesRegistry.Family family;
    private long filtered;

    SpanMetricsProcessor(SpanMetrics options, SeriesRegistry registry, int maxLabelNameLength, SpanAttributes attrs) {
        this.attrs = attrs;
        this.options = options;
        this.filter = new SpanFilter(options.filterPolicies());
        List<String> names = new ArrayList<>();
        if (options.service()) {
            names.add("service");
        }
        if (options.spanName()) {
            names.add("span_name");
        }
        if (options.spanKind()) {
            names.add("span_kind");
        }
        if (options.statusCode()) {
            names.add("status_code");
        }
        if (options.statusMessage()) {
            names.add("status_message");
        }
        this.dimensionSlots = new int[options.dimensions().size()];
        for (int d = 0; d < dimensionSlots.length; d++) {
            dimensionSlots[d] = attrs.slot(options.dimensions().get(d));
            names.add(LabelNames.sanitize(options.dimensions().get(d), maxLabelNameLength));
        }
        String[] labelNames = names.toArray(String[]::new);
        this.values = new String[labelNames.length];
        double[] buckets = options.buckets().stream().mapToDouble(Double::doubleValue).toArray();
        // one label set feeds all three metrics: one lookup per span
        this.family = registry.family(labelNames, new String[] {CALLS, SIZE}, new String[] {LATENCY}, new double[][] {buckets});
    }

    /** Counts {@code s}, whose attributes {@link SpanAttributes#resolve} has just read. */
    void consume(Span s, long nowMs) {
        if (!filter.isEmpty() && !filter.accepts(s)) {
            filtered++;
            return;
        }
        int i = 0;
        if (options.service()) {
            values[i++] = s.resource().serviceName();
        }
        if (options.spanName()) {
            values[i++] = s.name();
        }
        if (options.spanKind()) {
            values[i++] = SpanValues.kind(s);
        }
        if (options.statusCode()) {
            values[i++] = SpanValues.status(s);
        }
        if (options.statusMessage()) {
            values[i++] = s.statusMessage();
        }
        for (int slot : dimensionSlots) {
            String v = attrs.text(slot);
            values[i++] = v == null ? "" : v;
        }
        SeriesRegistry.Entry e = family.entry(values, nowMs);
        e.add(0, 1);
        e.add(1, SpanSize.of(s));
        family.observe(e, 0, SpanValues.seconds(s), s.traceId(), nowMs);
    }

    long filtered() {
        return filtered;
    }
}
