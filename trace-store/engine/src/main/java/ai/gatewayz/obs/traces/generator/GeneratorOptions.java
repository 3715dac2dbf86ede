package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.Labels;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code metrics_generator:} block of a Tempo configuration file plus its {@code overrides}, as
 * {@link GeneratorConfigLoader} reads it; defaults are Tempo's. Immutable.
 *
 * @param ingestionSlack spans whose end lies further than this from now are not counted
 *     ({@code metrics_ingestion_time_range_slack}, default 30s)
 * @param addOrgIdHeader send each tenant's series with {@code X-Scope-OrgID: <tenant>}
 *     ({@code remote_write_add_org_id_header}, default true)
 */
public record GeneratorOptions(SpanMetrics spanMetrics, ServiceGraphs serviceGraphs, GenAi genAi, Registry registry,
        List<RemoteWriteTarget> remoteWrite, boolean addOrgIdHeader, Duration ingestionSlack, Overrides overrides) {

    public static final String SPAN_METRICS = "span-metrics";
    public static final String SERVICE_GRAPHS = "service-graphs";
    /** Ours, beyond Tempo: token counters from gen_ai.* usage attributes. */
    public static final String GEN_AI = "gen-ai";
    /** Tempo's TraceQL-metrics processor: accepted, served by the query path, not here. */
    public static final String LOCAL_BLOCKS = "local-blocks";
    public static final Set<String> PROCESSORS = Set.of(SPAN_METRICS, SERVICE_GRAPHS, GEN_AI, LOCAL_BLOCKS);

    /** Tempo's span-metrics default: {@code prometheus.ExponentialBuckets(0.002, 2, 14)}. */
    public static final List<Double> SPAN_METRICS_BUCKETS = exponential(0.002, 2, 14);
    /** Tempo's service-graphs default: {@code prometheus.ExponentialBuckets(0.1, 2, 8)}. */
    public static final List<Double> SERVICE_GRAPH_BUCKETS = exponential(0.1, 2, 8);

    public GeneratorOptions {
        remoteWrite = List.copyOf(remoteWrite);
    }

    /**
     * {@code processor.span_metrics}: intrinsic labels, extra dimensions (attribute names), buckets,
     * filters, {@code dimension_mappings}, {@code enable_target_info} (with
     * {@code target_info_excluded_dimensions} and {@code enable_instance_label}) and
     * {@code span_multiplier_key} ("" = none).
     */
    public record SpanMetrics(boolean service, boolean spanName, boolean spanKind, boolean statusCode, boolean statusMessage,
            List<String> dimensions, List<Double> buckets, List<FilterPolicy> filterPolicies, List<DimensionMapping> dimensionMappings,
            boolean targetInfo, List<String> targetInfoExcluded, boolean instanceLabel, String spanMultiplierKey) {
        public SpanMetrics {
            dimensions = List.copyOf(dimensions);
            buckets = List.copyOf(buckets);
            filterPolicies = List.copyOf(filterPolicies);
            dimensionMappings = List.copyOf(dimensionMappings);
            targetInfoExcluded = List.copyOf(targetInfoExcluded);
        }

        public static SpanMetrics defaults() {
            return new SpanMetrics(true, true, true, true, false, List.of(), SPAN_METRICS_BUCKETS, List.of(), List.of(), false,
                    List.of(), true, "");
        }
    }

    /** One {@code dimension_mappings} entry: label {@code name} from the present {@code sourceLabels} values joined by {@code join}. */
    public record DimensionMapping(String name, List<String> sourceLabels, String join) {
        public DimensionMapping {
            sourceLabels = List.copyOf(sourceLabels);
        }
    }

    /** {@code processor.service_graphs}; {@code spanMultiplierKey} "" = none. */
    public record ServiceGraphs(List<String> dimensions, List<Double> buckets, Duration waitTime, int maxItems,
            List<String> peerAttributes, boolean clientServerPrefix, boolean virtualNodeLabel, String spanMultiplierKey) {
        public ServiceGraphs {
            dimensions = List.copyOf(dimensions);
            buckets = List.copyOf(buckets);
            peerAttributes = List.copyOf(peerAttributes);
        }

        public static ServiceGraphs defaults() {
            return new ServiceGraphs(List.of(), SERVICE_GRAPH_BUCKETS, Duration.ofSeconds(10), 10_000,
                    List.of("peer.service", "db.name", "db.system"), false, false, "");
        }
    }

    /** {@code processor.gen_ai} (ours): the dimensions of the token counters. */
    public record GenAi(List<String> dimensions) {
        public GenAi {
            dimensions = List.copyOf(dimensions);
        }

        public static GenAi defaults() {
            return new GenAi(List.of("gen_ai.system", "gen_ai.request.model"));
        }
    }

    /** {@code registry}: how often series are written, when idle ones go, and label limits. */
    public record Registry(Duration collectionInterval, Duration staleDuration, Labels externalLabels, int maxLabelNameLength,
            int maxLabelValueLength) {
        public static Registry defaults() {
            return new Registry(Duration.ofSeconds(15), Duration.ofMinutes(15), Labels.EMPTY, 1024, 2048);
        }
    }

    /** One {@code storage.remote_write} entry. */
    public record RemoteWriteTarget(String name, URI url, Map<String, String> headers) {
        public RemoteWriteTarget {
            headers = Map.copyOf(headers);
        }
    }

    /** One include or exclude policy of {@code filter_policies}: every attribute must match. */
    public record FilterPolicy(boolean include, boolean regex, List<Map.Entry<String, String>> attributes) {
        public FilterPolicy {
            attributes = List.copyOf(attributes);
        }
    }

    /** The {@code metrics_generator} overrides of one tenant: enabled processors and the series cap (0 = none). */
    public record TenantOverrides(Set<String> processors, int maxActiveSeries) {
        public TenantOverrides {
            processors = Set.copyOf(processors);
        }
    }

    /** Defaults for every tenant and the per-tenant replacements ({@code per_tenant_override_config}). */
    public record Overrides(TenantOverrides defaults, Map<String, TenantOverrides> tenants) {
        public Overrides {
            tenants = Map.copyOf(tenants);
        }

        public TenantOverrides forTenant(String tenant) {
            return tenants.getOrDefault(tenant, defaults);
        }
    }

    static List<Double> exponential(double start, double factor, int count) {
        Double[] b = new Double[count];
        double v = start;
        for (int i = 0; i < count; i++) {
            b[i] = v;
            v *= factor;
        }
        return List.of(b);
    }
}
