package ai.gatewayz.obs.monitoring.sim;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.rules.MetricsRules;
import ai.gatewayz.obs.metrics.rules.RuleEngineProvider;
import ai.gatewayz.obs.metrics.scrape.ExpositionParser;
import ai.gatewayz.obs.metrics.scrape.ParsedSample;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.AlertSnapshot;
import ai.gatewayz.obs.rules.AlertState;
import ai.gatewayz.obs.rules.AlertingRule;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.Rule;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleHealth;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Users;
import ai.gatewayz.obs.sim.scenario.GroundTruth;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import ai.gatewayz.obs.sim.telemetry.ExtraExposition;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import ai.gatewayz.obs.sim.traffic.VirtualRun;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * gateway-sim's simulator driven in virtual time into a metrics-store in-memory storage, the way the
 * deployed suite sees it: the simulator's real Micrometer/Prometheus registry (plus its Redis INFO
 * families, as its /metrics controller appends them) is scraped every
 * {@code scrapeInterval} (text format, parsed by metrics-store's own exposition parser, labelled
 * {@code job="gatewayz-backend"} as deploy/prometheus/prometheus.yml does, with {@code up}), and the
 * bundled rule groups (deploy/rules) are evaluated at their own intervals, so recorded series and
 * alerts exist as they would in production. Single-threaded; not thread-safe.
 */
public final class SimFeed implements AutoCloseable {
    public static final Instant T0 = Instant.parse("2026-03-20T00:00:00Z");
    public static final String JOB = "gatewayz-backend";
    public static final String INSTANCE = "gateway-sim:8000";
    static final RuleEngineProvider ENGINE = ServiceLoader.load(RuleEngineProvider.class).findFirst().orElseThrow();

    private final TestClock clock;
    private final long startMs;
    private final Catalog catalog = Catalog.standard();
    private final ScenarioEngine scenarios = new ScenarioEngine(catalog);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMetrics metrics = new GatewayMetrics(registry, "gatewayz", false);
    private final ExtraExposition extra;
    private final GatewaySimulator sim;
    private final TrafficGenerator gen;
    private final Storage storage;
    private final PromqlEngine promql = new PromqlEngine();
    private final long scrapeMs;
    private final List<RuleGroup> groups = new ArrayList<>();
    private final List<String> ruleErrors = new ArrayList<>();
    private final List<Transition> transitions = new ArrayList<>();
    private final List<Served> served = new ArrayList<>();
    private final List<java.util.function.Consumer<Outcome>> listeners = new ArrayList<>();
    private final List<Fired> fired = new ArrayList<>();
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    private final java.util.Set<String> firedKeys = new java.util.HashSet<>();
    private long seq;
    private long lastScrape = Long.MIN_VALUE;
    private boolean evaluating = true;
    private java.util.Set<String> scrapeOnly;

    /**
     * @param rules which bundled rule groups to evaluate (by group name); none when it matches nothing
     */
    public SimFeed(long seed, double rps, Duration scrapeInterval, Predicate<String> rules) {
        this(seed, rps, scrapeInterval, rules, T0);
    }

    /** As above, starting the virtual clock at {@code start} (a multiple of the scrape interval). */
    public SimFeed(long seed, double rps, Duration scrapeInterval, Predicate<String> rules, Instant start) {
        this(seed, rps, scrapeInterval, rules, start, clock -> new MemoryStorage());
    }

    /**
     * As above, into the storage {@code storage} opens on the feed's virtual clock (the feed closes
     * it): the in-memory storage scans every series per selector, metrics-store's TSDB has postings,
     * which a day of data needs.
     */
    public SimFeed(long seed, double rps, Duration scrapeInterval, Predicate<String> rules, Instant start,
            java.util.function.Function<java.time.Clock, Storage> storageOnClock) {
        this(seed, rps, scrapeInterval, bundledGroups().stream().filter(g -> rules.test(g.name())).toList(), start, storageOnClock);
    }

    /** As above, evaluating exactly {@code specs} (bundled groups, or subsets of their rules). */
    public SimFeed(long seed, double rps, Duration scrapeInterval, List<RuleGroupSpec> specs, Instant start,
            java.util.function.Function<java.time.Clock, Storage> storageOnClock) {
        clock = TestClock.at(start);
        storage = storageOnClock.apply(clock);
        startMs = start.toEpochMilli();
        extra = new ExtraExposition(false, startMs);
        Users users = new Users(40);
        sim = new GatewaySimulator(catalog, users, scenarios, seed, (p, m, from, to, at) -> {
            if (m == null) {
                metrics.breakerTransition(p, from, to);
                transitions.add(new Transition(p, from.label(), to.label(), at));
            }
        });
        gen = new TrafficGenerator(seed, new TrafficOptions(rps, 0.6, 40, 0.01, 0.3), users, catalog);
        scrapeMs = scrapeInterval.toMillis();
        QueryFunc q = ENGINE.engine().bind(storage);
        for (RuleGroupSpec spec : specs) {
            groups.add(MetricsRules.group(spec, storage, q, AlertSink.DISCARD, RulesOptions.defaults(), false));
        }
    }

    /** Every group of every rule file under deploy/rules, in file order. */
    public static List<RuleGroupSpec> bundledGroups() {
        Path dir = Peers.sourceRoot().resolve("deploy/rules");
        List<RuleGroupSpec> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                out.addAll(RuleFileParser.parse(f.getFileName().toString(), Files.readString(f),
                        RuleParseOptions.defaults(ENGINE.validator())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read rule files [dir=" + dir + "]", e);
        }
        return out;
    }

    /** A per-provider breaker state change, the ground truth of question 3. */
    public record Transition(String provider, String from, String to, long atMs) {
    }

    /** One answered request: who asked, which provider and model served it, how many output tokens. */
    public record Served(long atMs, String user, String provider, String model, long outputTokens) {
    }

    /** An alert that went from pending to firing at {@code atMs}, with its labels (rule labels included). */
    public record Fired(String alertname, Labels labels, long atMs) {
    }

    /** One evaluation of one group at virtual time {@code atMs}: the CPU and wall time it took on this machine. */
    public record Evaluation(long atMs, String group, long intervalMs, long cpuNanos, long wallNanos) {
    }

    /** Every group evaluation so far, in order (a measurement for the cost harness). */
    public List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    /** Every pending-to-firing transition of the evaluated alerting rules so far, in order. */
    public List<Fired> fired() {
        return List.copyOf(fired);
    }

    /** Every answered request so far, the ground truth of question 4. */
    public List<Served> served() {
        return List.copyOf(served);
    }

    public List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    public GroundTruth inject(ScenarioSpec spec) {
        return scenarios.add(spec, clock.instant());
    }

    public Catalog catalog() {
        return catalog;
    }

    public Storage storage() {
        return storage;
    }

    public long nowMs() {
        return clock.millis();
    }

    /** The virtual clock the simulator runs on (read-only use: {@link #run} moves it). */
    public java.time.Clock clock() {
        return clock;
    }

    /** Also hands every answered or failed request to {@code listener} (e.g. a trace emitter), in order. */
    public void onOutcome(java.util.function.Consumer<Outcome> listener) {
        listeners.add(listener);
    }

    /** Rule evaluation errors seen so far ({@code group/rule at t: error}). */
    public List<String> ruleErrors() {
        return List.copyOf(ruleErrors);
    }

    /** Runs {@code d} of traffic, scraping and evaluating rules on every scrape-interval boundary. */
    public void run(Duration d) {
        long end = clock.millis() + d.toMillis();
        while (clock.millis() < end) {
            long next = Math.min(end, (clock.millis() / scrapeMs + 1) * scrapeMs);
            long slice = next - clock.millis();
            long startMs = clock.millis();
            seq = VirtualRun.run(sim, gen, clock, ms -> clock.advance(Duration.ofMillis(ms)), Duration.ofMillis(slice), seq, this::record);
            // VirtualRun moves the clock request by request; land exactly on the boundary
            clock.set(Instant.ofEpochMilli(startMs + slice));
            if (clock.millis() % scrapeMs == 0) {
                scrape(clock.millis());
                evalRules(clock.millis());
            }
        }
    }

    private void record(Outcome o) {
        listeners.forEach(l -> l.accept(o));
        metrics.outcome(o);
        extra.observe(o);
        if (o.winningAttempt() != null && o.user() != null) {
            served.add(new Served(o.start().toEpochMilli(), o.user().id(), o.winningAttempt().provider(), o.winningAttempt().model(),
                    o.outputTokens()));
        }
        // the HTTP layer (HttpLayerFilter in the server) records the request as the middleware would
        metrics.http("POST", GatewayMetrics.CHAT_ENDPOINT, o.status(), o.totalMs() / 1000.0, 600, o.outputTokens() * 4 + 300);
    }

    private void scrape(long t) {
        if (t == lastScrape) {
            return;
        }
        lastScrape = t;
        // what gateway-sim's /metrics serves: the registry plus the Redis INFO and declared-only families
        String body = (scrapeOnly == null ? registry.scrape() : registry.scrape("text/plain; version=0.0.4; charset=utf-8", scrapeOnly)) + extra.render(false, t);
        ExpositionParser.Result r = ExpositionParser.parse(body, ExpositionParser.Format.TEXT);
        Appender app = storage.appender();
        for (ParsedSample s : r.samples()) {
            if (scrapeOnly != null && !scrapeOnly.contains(s.labels().metricName())) {
                continue;
            }
            Labels l = s.labels().toBuilder().set("job", JOB).set("instance", INSTANCE).build();
            app.append(0, l, t, s.value());
        }
        app.append(0, Labels.of("__name__", "up", "job", JOB, "instance", INSTANCE), t, 1);
        app.commit();
    }

    /**
     * From now on a scrape keeps only the metric families named (as a scrape config's
     * {@code metric_relabel_configs} keep would): each name is taken with and without the
     * {@code _total}, {@code _bucket}, {@code _count}, {@code _sum} and {@code _created} suffixes.
     */
    public void scrapeOnly(java.util.Collection<String> names) {
        java.util.Set<String> keep = new java.util.HashSet<>();
        List<String> suffixes = List.of("_total", "_bucket", "_count", "_sum", "_created");
        for (String n : names) {
            String base = n;
            for (String s : suffixes) {
                if (n.endsWith(s)) {
                    base = n.substring(0, n.length() - s.length());
                }
            }
            keep.add(n);
            keep.add(base);
            for (String s : suffixes) {
                keep.add(base + s);
            }
        }
        scrapeOnly = keep;
    }

    /** Turns rule evaluation off (traffic and scrapes go on) or back on, from the next scrape on. */
    public void evaluateRules(boolean on) {
        evaluating = on;
    }

    private void evalRules(long t) {
        if (!evaluating) {
            return;
        }
        for (RuleGroup g : groups) {
            if ((t - startMs) % g.intervalMs() != 0) {
                continue;
            }
            long cpu0 = cpu.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            g.eval(t);
            evaluations.add(new Evaluation(t, g.name(), g.intervalMs(), cpu.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0));
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar) {
                    for (AlertSnapshot a : ar.alerts()) {
                        if (a.state() == AlertState.FIRING && firedKeys.add(ar.name() + a.labels() + "@" + a.firedAt())) {
                            fired.add(new Fired(ar.name(), a.labels(), a.firedAt()));
                        }
                    }
                }
                if (r.status().health() == RuleHealth.ERR && r.status().lastEvaluationMs() == t) {
                    ruleErrors.add(g.name() + "/" + r.name() + " at " + Instant.ofEpochMilli(t) + ": " + r.status().lastError());
                }
            }
        }
    }

    /** Firing alerts of the evaluated groups named {@code alertname}, as their label sets. */
    public List<AlertSnapshot> firing(String alertname) {
        List<AlertSnapshot> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule ar && ar.name().equals(alertname)) {
                    ar.alerts().stream().filter(a -> a.state() == AlertState.FIRING).forEach(out::add);
                }
            }
        }
        return out;
    }

    /** The PromQL engine the feed queries with, for ranges of its caller's choosing. */
    public PromqlEngine promql() {
        return promql;
    }

    /** An instant PromQL query at the current virtual time. */
    public QueryResult instant(String expr) {
        return promql.instant(storage, expr, clock.millis());
    }

    /** A range PromQL query over the last {@code range}, ending now. */
    public QueryResult range(String expr, Duration range, Duration step) {
        long end = clock.millis();
        return promql.range(storage, expr, end - range.toMillis(), end, step.toMillis());
    }

    @Override
    public void close() {
        storage.close();
        registry.close();
    }
}
