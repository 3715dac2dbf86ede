package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.ExpressionValidator;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.ResultWriter;
import ai.gatewayz.obs.rules.RuleError;
import ai.gatewayz.obs.rules.RuleFileException;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleFileWriter;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleManager;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.TickLoop;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loki's ruler on the shared rule engine: rule files per tenant and namespace from a
 * {@link RuleNamespaces} store, one {@link RuleManager} per tenant whose queries run LogQL over that
 * tenant's logs and whose results and alerts go where the bindings say (remote write, the notifier).
 * The store is re-read every poll interval and right after every API change; a namespace file that
 * does not validate is skipped (and reported by {@link #loadErrors}) while the tenant's other
 * namespaces run. Groups keep their alert state across re-reads (same namespace and name).
 *
 * <p>Thread-safe. API changes and re-reads serialise on this object; evaluation runs on the given
 * executor, driven by {@link #tick()} (virtual-time tests) or the thread of {@link #start()}.
 */
public final class LogRuler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogRuler.class);

    private final RuleNamespaces store;
    private final Function<String, QueryFunc> queries;
    private final Function<String, ResultWriter> writers;
    private final Function<String, ForStateReader> forStates;
    private final AlertSink sink;
    private final ExpressionValidator validator;
    private final RulerOptions options;
    private final Clock clock;
    private final Executor executor;
    private final ConcurrentHashMap<String, RuleManager> managers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, List<RuleError>> loadErrors = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile TickLoop scheduler;

    public LogRuler(RuleNamespaces store, Function<String, QueryFunc> queries, Function<String, ResultWriter> writers,
            AlertSink sink, ExpressionValidator validator, RulerOptions options, Clock clock, Executor executor) {
        this(store, queries, writers, t -> ForStateReader.NONE, sink, validator, options, clock, executor);
    }

    /**
     * With a for-state reader per tenant: alerts pending or firing before a restart get their activeAt
     * back from the {@code ALERTS_FOR_STATE} the ruler wrote (read from where it remote-wrote them).
     */
    public LogRuler(RuleNamespaces store, Function<String, QueryFunc> queries, Function<String, ResultWriter> writers,
            Function<String, ForStateReader> forStates, AlertSink sink, ExpressionValidator validator,
            RulerOptions options, Clock clock, Executor executor) {
        this.store = store;
        this.queries = queries;
        this.writers = writers;
        this.forStates = forStates;
        this.sink = sink;
        this.validator = validator;
        this.options = options;
        this.clock = clock;
        this.executor = executor;
    }

    public RulerOptions options() {
        return options;
    }

    private RuleParseOptions parseOptions() {
        return RuleParseOptions.defaults(validator).withDefaultInterval(options.evaluationIntervalMs());
    }

    /** Re-reads every tenant's rule files (tenants that lost all of them stop, their series go stale). */
    public synchronized void sync() {
        Set<String> tenants = new TreeSet<>(store.tenants());
        tenants.addAll(managers.keySet());
        for (String t : tenants) {
            syncTenant(t);
        }
    }

    /** Re-reads one tenant's rule files and applies them. */
    public synchronized void syncTenant(String tenant) {
        List<RuleGroupSpec> specs = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        for (Map.Entry<String, String> ns : store.namespaces(tenant).entrySet()) {
            List<RuleError> nsErrors = new ArrayList<>();
            List<RuleGroupSpec> groups = RuleFileParser.parse(ns.getKey(), ns.getValue(), parseOptions(), nsErrors);
            if (nsErrors.isEmpty()) {
                specs.addAll(groups);
            } else {
                errors.addAll(nsErrors);
                LOG.warn("rule namespace skipped: invalid [tenant={}, namespace={}, errors={}]", tenant, ns.getKey(),
                        nsErrors);
            }
        }
        if (errors.isEmpty()) {
            loadErrors.remove(tenant);
        } else {
            loadErrors.put(tenant, List.copyOf(errors));
        }
        RuleManager m = managers.get(tenant);
        if (m == null) {
            if (specs.isEmpty()) {
                return;
            }
            m = new RuleManager(writers.apply(tenant), forStates.apply(tenant), queries.apply(tenant), sink,
                    options.rules(), clock, executor);
            managers.put(tenant, m);
        }
        m.update(specs, options.rules());
        if (specs.isEmpty()) {
            managers.remove(tenant);
            m.close();
        }
    }

    /** Problems of the namespace files skipped at the last re-read, per tenant. */
    public Map<String, List<RuleError>> loadErrors() {
        return Map.copyOf(loadErrors);
    }

    public Set<String> tenants() {
        return new TreeSet<>(managers.keySet());
    }

    /** The running groups of a tenant, in namespace then file order. */
    public List<RuleGroup> groups(String tenant) {
        RuleManager m = managers.get(tenant);
        return m == null ? List.of() : m.groups();
    }

    /** Evaluates every due group of every tenant. */
    public void tick() {
        for (RuleManager m : managers.values()) {
            m.tick();
        }
    }

    // ---- the ruler API (Loki's /loki/api/v1/rules) ----

    /** Every valid namespace of a tenant with its groups (invalid files are left out, as they do not run). */
    public SortedMap<String, List<RuleGroupSpec>> rules(String tenant) {
        SortedMap<String, List<RuleGroupSpec>> out = new TreeMap<>();
        for (Map.Entry<String, String> ns : store.namespaces(tenant).entrySet()) {
            List<RuleError> errs = new ArrayList<>();
            List<RuleGroupSpec> gs = RuleFileParser.parse(ns.getKey(), ns.getValue(), parseOptions(), errs);
            if (errs.isEmpty() && !gs.isEmpty()) {
                out.put(ns.getKey(), gs);
            }
        }
        return out;
    }

    public Optional<List<RuleGroupSpec>> namespace(String tenant, String namespace) {
        checkNamespace(namespace);
        return Optional.ofNullable(rules(tenant).get(namespace));
    }

    public RuleGroupSpec group(String tenant, String namespace, String group) {
        List<RuleGroupSpec> gs = namespace(tenant, namespace).orElseThrow(RulerErrors::groupNotFound);
        return gs.stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow(RulerErrors::groupNotFound);
    }

    /** The default interval groups are written against (an omitted interval stays omitted). */
    public long defaultIntervalMs() {
        return options.evaluationIntervalMs();
    }

    /**
     * Creates or replaces (by name) one group of a namespace from its YAML, validated as Loki does
     * (LogQL expressions included); the tenant's rules are re-applied at once.
     */
    public synchronized RuleGroupSpec setGroup(String tenant, String namespace, String body) {
        checkNamespace(namespace);
        RuleGroupSpec g = parseGroup(namespace, body);
        List<RuleGroupSpec> groups = new ArrayList<>(storedGroups(tenant, namespace));
        boolean replaced = false;
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).name().equals(g.name())) {
                groups.set(i, g);
                replaced = true;
            }
        }
        if (!replaced) {
            groups.add(g);
        }
        store.put(tenant, namespace, RuleFileWriter.file(groups, options.evaluationIntervalMs()));
        syncTenant(tenant);
        return g;
    }

    public synchronized void deleteNamespace(String tenant, String namespace) {
        checkNamespace(namespace);
        if (!store.delete(tenant, namespace)) {
            throw RulerErrors.namespaceNotFound();
        }
        syncTenant(tenant);
    }

    public synchronized void deleteGroup(String tenant, String namespace, String group) {
        checkNamespace(namespace);
        if (store.namespace(tenant, namespace).isEmpty()) {
            throw RulerErrors.groupNotFound();
        }
        List<RuleGroupSpec> groups = new ArrayList<>(storedGroups(tenant, namespace));
        if (!groups.removeIf(g -> g.name().equals(group))) {
            throw RulerErrors.groupNotFound();
        }
        if (groups.isEmpty()) {
            store.delete(tenant, namespace);
        } else {
            store.put(tenant, namespace, RuleFileWriter.file(groups, options.evaluationIntervalMs()));
        }
        syncTenant(tenant);
    }

    private List<RuleGroupSpec> storedGroups(String tenant, String namespace) {
        Optional<String> content = store.namespace(tenant, namespace);
        if (content.isEmpty()) {
            return List.of();
        }
        try {
            return RuleFileParser.parse(namespace, content.get(), parseOptions());
        } catch (RuleFileException e) {
            throw RulerErrors.invalidStoredNamespace(namespace, e.getMessage());
        }
    }

    private static void checkNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            throw RulerErrors.noNamespace();
        }
        if (!RuleNamespaces.validNamespace(namespace)) {
            throw RulerErrors.invalidNamespace(namespace);
        }
    }

    /** One posted group: YAML shape first (Cortex's checks), then the rule file parser with LogQL validation. */
    RuleGroupSpec parseGroup(String namespace, String body) {
        Object doc;
        try {
            LoaderOptions lo = new LoaderOptions();
            lo.setAllowDuplicateKeys(false);
            doc = new Yaml(lo).load(new StringReader(body));
        } catch (YAMLException e) {
            throw RulerErrors.badRuleGroup();
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw RulerErrors.badRuleGroup();
        }
        Object name = m.get("name");
        if (name == null || name.toString().isEmpty()) {
            throw RulerErrors.emptyGroupName();
        }
        Object rules = m.get("rules");
        if (!(rules instanceof List<?> rl) || rl.isEmpty()) {
            if (rules != null && !(rules instanceof List<?>)) {
                throw RulerErrors.badRuleGroup();
            }
            throw RulerErrors.noRules(name.toString());
        }
        List<RuleError> errors = new ArrayList<>();
        // yaml.Unmarshal in Loki's API ignores unknown fields of a posted group; files stay strict
        List<RuleGroupSpec> parsed = RuleFileParser.parse(namespace, asFile(body),
                parseOptions().withIgnoreUnknownFields(true), errors);
        if (!errors.isEmpty()) {
            List<String> problems = new ArrayList<>();
            for (RuleError e : errors) {
                problems.add(lokiMessage(e, rl, name.toString()));
            }
            throw RulerErrors.invalidGroup(problems);
        }
        return parsed.get(0);
    }

    /** The posted group as a rule file: each line indented under one {@code groups:} item. */
    private static String asFile(String body) {
        StringBuilder sb = new StringBuilder("groups:\n");
        String[] lines = body.replaceFirst("^\\s*---\\s*\n", "").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            sb.append(i == 0 ? "  - " : "    ").append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    /** Loki's wording for expressions; rulefmt's {@code group "g", rule N, "name": msg} for the rest. */
    private static String lokiMessage(RuleError e, List<?> rules, String group) {
        String prefix = "could not parse expression: ";
        if (e.message().startsWith(prefix) && e.ruleIndex() > 0 && e.ruleIndex() <= rules.size()
                && rules.get(e.ruleIndex() - 1) instanceof Map<?, ?> r) {
            String kind = r.containsKey("alert") ? "alert" : "record";
            return "could not parse expression for " + kind + " '" + e.ruleName() + "' in group '" + group + "': "
                    + e.message().substring(prefix.length());
        }
        String s = e.toString();
        String file = e.file();
        if (s.startsWith(file)) {
            s = s.substring(file.length()).replaceFirst("^(:\\d+:\\d+)?: ", "");
        }
        return s;
    }

    /** Starts the thread that evaluates due groups every {@code tickMs} and re-reads the store every poll interval. */
    public synchronized void start(long tickMs) {
        if (scheduler != null || closed.get()) {
            return;
        }
        long[] nextSync = {clock.millis() + options.pollIntervalMs()};
        scheduler = TickLoop.start("log-ruler", tickMs, () -> {
            if (options.pollIntervalMs() > 0 && clock.millis() >= nextSync[0]) {
                nextSync[0] = clock.millis() + options.pollIntervalMs();
                sync();
            }
            tick();
        });
    }

    @Override
    public void close() {
        closed.set(true);
        TickLoop t = scheduler;
        if (t != null) {
            t.close();
        }
        managers.values().forEach(RuleManager::close);
    }
}
