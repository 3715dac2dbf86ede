package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.DimensionMapping;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.SpanMetrics;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tempo's span-metrics processor: per span, {@code traces_spanmetrics_calls_total} +1,
 * {@code traces_spanmetrics_latency} observes the duration in seconds and
 * {@code traces_spanmetrics_size_total} adds the span's OTLP size, all labelled with the enabled
 * intrinsics ({@code service}, {@code span_name}, {@code span_kind}, {@code status_code},
 * optionally {@code status_message}), the configured dimensions (span attribute, else resource
 * attribute; dots become underscores) and the {@code dimension_mappings} (the present source
 * attributes' values joined). With {@code span_multiplier_key} a span counts {@code 1 / value} times
 * (its sampling ratio). With {@code enable_target_info} the series also get {@code job}
 * ({@code service.namespace/service.name}) and {@code instance} ({@code service.instance.id}), and
 * each resource with further attributes writes {@code traces_target_info} = 1 labelled with them.
 * Spans refused by the filter policies are not counted.
 *
 * <p>Not thread-safe: owned by one tenant generator, which serialises calls.
 */
final class SpanMetricsProcessor {
    static final String CALLS = "traces_spanmetrics_calls_total";
    static final String LATENCY = "traces_spanmetrics_latency";
    static final String SIZE = "traces_spanmetrics_size_total";
    static final String TARGET_INFO = "traces_target_info";
    private static final Set<String> TARGET_KEYS = Set.of("service.name", "service.namespace", "service.instance.id");

    private final SpanMetrics options;
    private final SpanFilter filter;
    private final SpanAttributes attrs;
    private final SeriesRegistry registry;
    private final int maxLabelNameLength;
    private final int[] dimensionSlots;
    private final int[][] mappingSlots;
    private final String[] mappingJoins;
    private final int multiplierSlot;
    private final String[] values;
    private final SeriesRegistry.Family family;
    private final StringBuilder joined = new StringBuilder();
    private Resource lastResource;
    private String job;
    private String instance;
    private Labels targetInfo;
    private long filtered;

    SpanMetricsProcessor(SpanMetrics options, SeriesRegistry registry, int maxLabelNameLength, SpanAttributes attrs) {
        this.attrs = attrs;
        this.options = options;
        this.registry = registry;
        this.maxLabelNameLength = maxLabelNameLength;
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
        if (options.targetInfo()) {
            names.add("job");
            if (options.instanceLabel()) {
                names.add("instance");
            }
        }
        this.dimensionSlots = new int[options.dimensions().size()];
        for (int d = 0; d < dimensionSlots.length; d++) {
            dimensionSlots[d] = attrs.slot(options.dimensions().get(d));
            names.add(LabelNames.sanitize(options.dimensions().get(d), maxLabelNameLength));
        }
        List<DimensionMapping> mappings = options.dimensionMappings();
        this.mappingSlots = new int[mappings.size()][];
        this.mappingJoins = new String[mappings.size()];
        for (int m = 0; m < mappingSlots.length; m++) {
            DimensionMapping dm = mappings.get(m);
            mappingSlots[m] = dm.sourceLabels().stream().mapToInt(attrs::slot).toArray();
            mappingJoins[m] = dm.join();
            names.add(LabelNames.sanitize(dm.name(), maxLabelNameLength));
        }
        this.multiplierSlot = options.spanMultiplierKey().isEmpty() ? -1 : attrs.slot(options.spanMultiplierKey());
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
        if (options.targetInfo() && s.resource() != lastResource) {
            resource(s.resource());
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
        if (options.targetInfo()) {
            values[i++] = job;
            if (options.instanceLabel()) {
                values[i++] = instance;
            }
        }
        for (int slot : dimensionSlots) {
            String v = attrs.text(slot);
            values[i++] = v == null ? "" : v;
        }
        for (int m = 0; m < mappingSlots.length; m++) {
            values[i++] = mapped(m);
        }
        double weight = multiplierSlot < 0 ? 1 : SpanValues.multiplier(attrs.value(multiplierSlot));
        SeriesRegistry.Entry e = family.entry(values, nowMs);
        e.add(0, weight);
        e.add(1, SpanSize.of(s) * weight);
        family.observe(e, 0, SpanValues.seconds(s), weight, s.traceId(), nowMs);
        if (targetInfo != null) {
            registry.info(targetInfo, nowMs);
        }
    }

    /** The values of mapping {@code m}'s present source attributes, joined. */
    private String mapped(int m) {
        int[] slots = mappingSlots[m];
        if (slots.length == 1) {
            String v = attrs.text(slots[0]);
            return v == null ? "" : v;
        }
        joined.setLength(0);
        boolean any = false;
        for (int slot : slots) {
            String v = attrs.text(slot);
            if (v != null) {
                if (any) {
                    joined.append(mappingJoins[m]);
                }
                joined.append(v);
                any = true;
            }
        }
        return joined.toString();
    }

    /** job, instance and the target_info series of a resource; once per resource object (an export shares it). */
    private void resource(Resource r) {
        lastResource = r;
        String namespace = null;
        String instanceId = null;
        for (Attr a : r.attributes()) {
            if (a.key().equals("service.namespace") && namespace == null) {
                namespace = a.value().asText();
            } else if (a.key().equals("service.instance.id") && instanceId == null) {
                instanceId = a.value().asText();
            }
        }
        String name = r.serviceName();
        job = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
        instance = instanceId == null ? "" : instanceId;
        Labels.Builder b = Labels.builder();
        int extra = 0;
        for (Attr a : r.attributes()) {
            if (TARGET_KEYS.contains(a.key()) || options.targetInfoExcluded().contains(a.key())) {
                continue;
            }
            String label = LabelNames.sanitize(a.key(), maxLabelNameLength);
            if (b.get(label).isEmpty()) {
                b.set(label, a.value().asText());
                extra++;
            }
        }
        if (extra == 0) {
            targetInfo = null; // only the identifying attributes: nothing to join on
            return;
        }
        b.set("job", job);
        b.set("instance", instance);
        b.set(Labels.METRIC_NAME, TARGET_INFO);
        targetInfo = registry.withExternalLabels(b.build());
    }

    long filtered() {
        return filtered;
    }
}
