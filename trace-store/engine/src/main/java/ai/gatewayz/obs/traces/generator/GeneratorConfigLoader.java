package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.EnvExpansion;
import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.DimensionMapping;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.FilterPolicy;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.GenAi;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.Overrides;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.Registry;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.RemoteWriteTarget;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.ServiceGraphs;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.SpanMetrics;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.TenantOverrides;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the {@code metrics_generator:} and {@code overrides:} blocks of a Tempo configuration file,
 * the way Tempo does: processors, dimensions, buckets, registry, {@code storage.remote_write}, and
 * per-tenant enablement either inline ({@code overrides.defaults.metrics_generator.processors}, or
 * the legacy flat {@code overrides.metrics_generator_processors}) or from the file named by
 * {@code per_tenant_override_config} (relative to the configuration file). {@code ${VAR}} and
 * {@code ${VAR:-default}} are expanded (Tempo's {@code -config.expand-env}). Other top-level blocks
 * (server, distributor, storage...) belong to the rest of trace-store and are left alone; unknown
 * keys inside the generator's blocks are warnings, never fatal; wrong values are errors naming the
 * key. Stateless apart from the environment lookup.
 */
public final class GeneratorConfigLoader {
    private static final Set<String> GENERATOR = Set.of("ring", "processor", "registry", "storage", "traces_storage",
            "metrics_ingestion_time_range_slack", "query_timeout", "override_ring_key");
    private static final Set<String> SPAN_METRICS = Set.of("dimensions", "histogram_buckets", "intrinsic_dimensions",
            "filter_policies", "dimension_mappings", "enable_target_info", "target_info_excluded_dimensions", "span_multiplier_key",
            "enable_instance_label");
    private static final Set<String> SERVICE_GRAPHS = Set.of("dimensions", "histogram_buckets", "wait", "max_items", "workers",
            "peer_attributes", "enable_client_server_prefix", "enable_virtual_node_label",
            "enable_messaging_system_latency_histogram", "span_multiplier_key");
    private static final Set<String> REGISTRY = Set.of("collection_interval", "stale_duration", "external_labels",
            "max_label_name_length", "max_label_value_length", "inject_tenant_id_as");

    private final Function<String, String> env;

    /** What was read, and the keys that were ignored. */
    public record Result(GeneratorOptions options, boolean present, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    public GeneratorConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    public static GeneratorConfigLoader withSystemEnv() {
        return new GeneratorConfigLoader(System::getenv);
    }

    public Result load(Path file) {
        try {
            return parse(Files.readString(file), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw GeneratorErrors.unreadableConfig(file.toString(), e.getMessage());
        }
    }

    /** {@code present} is false when the file has no {@code metrics_generator} block (defaults returned). */
    public Result parse(String yaml, Path baseDir) {
        Map<String, Object> top = yamlMap(expand(yaml), "top level");
        List<String> warnings = new ArrayList<>();
        Map<String, Object> gen = map(top.get("metrics_generator"), "metrics_generator");
        unknown(gen, GENERATOR, "metrics_generator.", warnings);
        Map<String, Object> proc = map(gen.get("processor"), "metrics_generator.processor");
        unknown(proc, Set.of("span_metrics", "service_graphs", "local_blocks", "gen_ai", "host_info"),
                "metrics_generator.processor.", warnings);
        SpanMetrics sm = spanMetrics(map(proc.get("span_metrics"), "span_metrics"), warnings);
        ServiceGraphs sg = serviceGraphs(map(proc.get("service_graphs"), "service_graphs"), warnings);
        GenAi ga = genAi(map(proc.get("gen_ai"), "gen_ai"));
        Registry reg = registry(map(gen.get("registry"), "metrics_generator.registry"), warnings);
        Map<String, Object> storage = map(gen.get("storage"), "metrics_generator.storage");
        List<RemoteWriteTarget> rw = remoteWrite(storage.get("remote_write"));
        boolean orgHeader = bool(storage, "remote_write_add_org_id_header", true, "metrics_generator.storage.");
        Duration slack = duration(gen, "metrics_ingestion_time_range_slack", Duration.ofSeconds(30), "metrics_generator.");
        Overrides ov = overrides(map(top.get("overrides"), "overrides"), baseDir, warnings);
        return new Result(new GeneratorOptions(sm, sg, ga, reg, rw, orgHeader, slack, ov), top.containsKey("metrics_generator"),
                warnings);
    }

    /** The defaults Tempo applies when no {@code metrics_generator} block is given; no processor enabled. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(SpanMetrics.defaults(), ServiceGraphs.defaults(), GenAi.defaults(), Registry.defaults(),
                List.of(), true, Duration.ofSeconds(30), new Overrides(new TenantOverrides(Set.of(), 0), Map.of()));
    }

    private SpanMetrics spanMetrics(Map<String, Object> m, List<String> warnings) {
        unknown(m, SPAN_METRICS, "span_metrics.", warnings);
        SpanMetrics d = SpanMetrics.defaults();
        Map<String, Object> in = map(m.get("intrinsic_dimensions"), "span_metrics.intrinsic_dimensions");
        String p = "span_metrics.intrinsic_dimensions.";
        unknown(in, Set.of("service", "span_name", "span_kind", "status_code", "status_message"), p, warnings);
        return new SpanMetrics(bool(in, "service", d.service(), p), bool(in, "span_name", d.spanName(), p),
                bool(in, "span_kind", d.spanKind(), p), bool(in, "status_code", d.statusCode(), p),
                bool(in, "status_message", d.statusMessage(), p), strings(m.get("dimensions"), "span_metrics.dimensions"),
                buckets(m.get("histogram_buckets"), d.buckets(), "span_metrics.histogram_buckets"),
                filterPolicies(m.get("filter_policies")), dimensionMappings(m.get("dimension_mappings")),
                bool(m, "enable_target_info", false, "span_metrics."),
                strings(m.get("target_info_excluded_dimensions"), "span_metrics.target_info_excluded_dimensions"),
                bool(m, "enable_instance_label", true, "span_metrics."), string(m, "span_multiplier_key", "span_metrics."));
    }

    private static List<DimensionMapping> dimensionMappings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw GeneratorErrors.badConfig("span_metrics.dimension_mappings", String.valueOf(o), "not a list");
        }
        List<DimensionMapping> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String p = "span_metrics.dimension_mappings[" + i + "].";
            Map<String, Object> m = map(l.get(i), p.substring(0, p.length() - 1));
            String name = string(m, "name", p);
            if (name.isEmpty()) {
                throw GeneratorErrors.badConfig(p + "name", String.valueOf(m.get("name")), "a mapping needs a label name");
            }
            List<String> sources = strings(m.get("source_labels"), p + "source_labels");
            if (sources.isEmpty()) {
                throw GeneratorErrors.badConfig(p + "source_labels", String.valueOf(m.get("source_labels")),
                        "a mapping needs at least one source attribute");
            }
            out.add(new DimensionMapping(name, sources, string(m, "join", p)));
        }
        return out;
    }

    private static String string(Map<String, Object> m, String k, String prefix) {
        Object o = m.get(k);
        if (o == null) {
            return "";
        }
        if (o instanceof Map || o instanceof List) {
            throw GeneratorErrors.badConfig(prefix + k, String.valueOf(o), "not a string");
        }
        return o.toString();
    }

    private ServiceGraphs serviceGraphs(Map<String, Object> m, List<String> warnings) {
        unknown(m, SERVICE_GRAPHS, "service_graphs.", warnings);
        ServiceGraphs d = ServiceGraphs.defaults();
        String p = "service_graphs.";
        int maxItems = integer(m, "max_items", d.maxItems(), p);
        if (maxItems < 1) {
            throw GeneratorErrors.badConfig(p + "max_items", Integer.toString(maxItems), "must be positive");
        }
        return new ServiceGraphs(strings(m.get("dimensions"), p + "dimensions"),
                buckets(m.get("histogram_buckets"), d.buckets(), p + "histogram_buckets"), duration(m, "wait", d.waitTime(), p),
                maxItems, m.containsKey("peer_attributes") ? strings(m.get("peer_attributes"), p + "peer_attributes")
                        : d.peerAttributes(),
                bool(m, "enable_client_server_prefix", false, p), bool(m, "enable_virtual_node_label", false, p),
                string(m, "span_multiplier_key", p));
    }

    private GenAi genAi(Map<String, Object> m) {
        return m.containsKey("dimensions") ? new GenAi(strings(m.get("dimensions"), "gen_ai.dimensions")) : GenAi.defaults();
    }

    private Registry registry(Map<String, Object> m, List<String> warnings) {
        String p = "metrics_generator.registry.";
        unknown(m, REGISTRY, p, warnings);
        Registry d = Registry.defaults();
        Duration interval = duration(m, "collection_interval", d.collectionInterval(), p);
        if (interval.isZero()) {
            throw GeneratorErrors.badConfig(p + "collection_interval", "0s", "must be positive");
        }
        Labels.Builder ext = Labels.builder();
        map(m.get("external_labels"), p + "external_labels").forEach((k, v) -> ext.set(k, String.valueOf(v)));
        return new Registry(interval, duration(m, "stale_duration", d.staleDuration(), p), ext.build(),
                integer(m, "max_label_name_length", d.maxLabelNameLength(), p),
                integer(m, "max_label_value_length", d.maxLabelValueLength(), p));
    }

    private List<RemoteWriteTarget> remoteWrite(Object o) {
        List<RemoteWriteTarget> out = new ArrayList<>();
        if (o == null) {
            return out;
        }
        if (!(o instanceof List<?> list)) {
            throw GeneratorErrors.badConfig("metrics_generator.storage.remote_write", String.valueOf(o), "not a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String p = "metrics_generator.storage.remote_write[" + i + "].";
            Map<String, Object> e = map(list.get(i), p);
            Object url = e.get("url");
            URI uri;
            try {
                uri = url == null ? null : URI.create(url.toString());
            } catch (IllegalArgumentException ex) {
                uri = null;
            }
            if (uri == null || uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw GeneratorErrors.badConfig(p + "url", String.valueOf(url), "not an http(s) URL");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            map(e.get("headers"), p + "headers").forEach((k, v) -> headers.put(k, String.valueOf(v)));
            out.add(new RemoteWriteTarget(e.get("name") == null ? "generator-" + i : e.get("name").toString(), uri, headers));
        }
        return out;
    }

    private List<FilterPolicy> filterPolicies(Object o) {
        List<FilterPolicy> out = new ArrayList<>();
        if (o == null) {
            return out;
        }
        if (!(o instanceof List<?> list)) {
            throw GeneratorErrors.badConfig("span_metrics.filter_policies", String.valueOf(o), "not a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String p = "span_metrics.filter_policies[" + i + "].";
            Map<String, Object> e = map(list.get(i), p);
            for (String kind : List.of("include", "exclude")) {
                if (!e.containsKey(kind)) {
                    continue;
                }
                Map<String, Object> pol = map(e.get(kind), p + kind);
                String matchType = String.valueOf(pol.getOrDefault("match_type", "strict"));
                if (!matchType.equals("strict") && !matchType.equals("regex")) {
                    throw GeneratorErrors.badConfig(p + kind + ".match_type", matchType, "must be strict or regex");
                }
                List<Map.Entry<String, String>> attrs = new ArrayList<>();
                Object as = pol.get("attributes");
                if (!(as instanceof List<?> al) || al.isEmpty()) {
                    throw GeneratorErrors.badConfig(p + kind + ".attributes", String.valueOf(as), "needs at least one key/value");
                }
                for (Object a : al) {
                    Map<String, Object> kv = map(a, p + kind + ".attributes");
                    String key = String.valueOf(kv.get("key"));
                    String value = String.valueOf(kv.get("value"));
                    if (matchType.equals("regex")) {
                        try {
                            Pattern.compile(value);
                        } catch (PatternSyntaxException ex) {
                            throw GeneratorErrors.badConfig(p + kind + ".attributes.value", value, "invalid regex");
                        }
                    }
                    attrs.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
                }
                out.add(new FilterPolicy(kind.equals("include"), matchType.equals("regex"), attrs));
            }
        }
        return out;
    }

    private Overrides overrides(Map<String, Object> m, Path baseDir, List<String> warnings) {
        TenantOverrides defaults = tenantOverrides(m.containsKey("defaults") ? map(m.get("defaults"), "overrides.defaults") : m,
                "overrides.", new TenantOverrides(Set.of(), 0));
        Map<String, TenantOverrides> tenants = new LinkedHashMap<>();
        Object file = m.get("per_tenant_override_config");
        if (file != null) {
            Path f = baseDir == null ? Path.of(file.toString()) : baseDir.resolve(file.toString());
            String text;
            try {
                text = Files.readString(f);
            } catch (IOException e) {
                throw GeneratorErrors.unreadableConfig(f.toString(), e.getMessage());
            }
            Map<String, Object> per = map(yamlMap(expand(text), "per_tenant_override_config").get("overrides"),
                    "per_tenant_override_config overrides");
            per.forEach((tenant, v) -> tenants.put(tenant,
                    tenantOverrides(map(v, "overrides." + tenant), "overrides." + tenant + ".", defaults)));
        }
        return new Overrides(defaults, tenants);
    }

    /** Either {@code metrics_generator: {processors, max_active_series}} or the legacy flat keys. */
    private TenantOverrides tenantOverrides(Map<String, Object> m, String p, TenantOverrides base) {
        Map<String, Object> mg = map(m.get("metrics_generator"), p + "metrics_generator");
        Object procs = mg.containsKey("processors") ? mg.get("processors") : m.get("metrics_generator_processors");
        Object max = mg.containsKey("max_active_series") ? mg.get("max_active_series") : m.get("metrics_generator_max_active_series");
        Set<String> ps = base.processors();
        if (procs != null) {
            ps = new LinkedHashSet<>(strings(procs, p + "metrics_generator.processors"));
            for (String s : ps) {
                if (!GeneratorOptions.PROCESSORS.contains(s)) {
                    throw GeneratorErrors.badConfig(p + "metrics_generator.processors", s,
                            "unknown processor, expected one of service-graphs, span-metrics, local-blocks, gen-ai");
                }
            }
        }
        int maxSeries = base.maxActiveSeries();
        if (max != null) {
            maxSeries = toInt(max, p + "metrics_generator.max_active_series");
        }
        return new TenantOverrides(ps, maxSeries);
    }

    private String expand(String text) {
        return EnvExpansion.expand(text, env);
    }

    private static Map<String, Object> yamlMap(String yaml, String what) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw GeneratorErrors.unreadableConfig(what, "invalid YAML: " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
        return map(root, what);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String key) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw GeneratorErrors.badConfig(key, String.valueOf(o), "not a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static void unknown(Map<String, Object> m, Set<String> known, String prefix, List<String> warnings) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                warnings.add("unsupported key ignored [key=" + prefix + k + "]");
            }
        }
    }

    private static List<String> strings(Object o, String key) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw GeneratorErrors.badConfig(key, String.valueOf(o), "not a list");
        }
        List<String> out = new ArrayList<>();
        for (Object e : l) {
            if (e == null || e instanceof Map || e instanceof List) {
                throw GeneratorErrors.badConfig(key, String.valueOf(e), "not a string");
            }
            out.add(e.toString());
        }
        return out;
    }

    private static List<Double> buckets(Object o, List<Double> def, String key) {
        if (o == null) {
            return def;
        }
        if (!(o instanceof List<?> l) || l.isEmpty()) {
            throw GeneratorErrors.badConfig(key, String.valueOf(o), "not a non-empty list of numbers");
        }
        List<Double> out = new ArrayList<>();
        double prev = Double.NEGATIVE_INFINITY;
        for (Object e : l) {
            if (!(e instanceof Number n)) {
                throw GeneratorErrors.badConfig(key, String.valueOf(e), "not a number");
            }
            double d = n.doubleValue();
            if (!(d > prev) || Double.isInfinite(d) || Double.isNaN(d)) {
                throw GeneratorErrors.badConfig(key, String.valueOf(e), "buckets must be finite and increasing");
            }
            prev = d;
            out.add(d);
        }
        return out;
    }

    private static boolean bool(Map<String, Object> m, String k, boolean def, String prefix) {
        Object o = m.get(k);
        if (o == null) {
            return def;
        }
        if (!(o instanceof Boolean b)) {
            throw GeneratorErrors.badConfig(prefix + k, String.valueOf(o), "not a boolean");
        }
        return b;
    }

    private static int integer(Map<String, Object> m, String k, int def, String prefix) {
        Object o = m.get(k);
        return o == null ? def : toInt(o, prefix + k);
    }

    private static int toInt(Object o, String key) {
        if (!(o instanceof Integer i) || i < 0) {
            throw GeneratorErrors.badConfig(key, String.valueOf(o), "not a non-negative integer");
        }
        return i;
    }

    private static Duration duration(Map<String, Object> m, String k, Duration def, String prefix) {
        Object o = m.get(k);
        if (o == null) {
            return def;
        }
        try {
            return Duration.ofMillis(Durations.parse(o.toString()));
        } catch (SuiteException e) {
            throw GeneratorErrors.badConfig(prefix + k, o.toString(), "not a duration");
        }
    }
}
