package ai.gatewayz.obs.monitoring.sim;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.ingest.IngestLimits;
import ai.gatewayz.obs.logs.ingest.PushReceiver;
import ai.gatewayz.obs.logs.ingest.PushResult;
import ai.gatewayz.obs.logs.ingest.RawStream;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.ruler.LogqlRuleQueries;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.QueryFunc;
import ai.gatewayz.obs.rules.Rule;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleHealth;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.rules.VectorSample;
import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Users;
import ai.gatewayz.obs.sim.scenario.GroundTruth;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import ai.gatewayz.obs.sim.telemetry.BackendJsonLayout;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import ai.gatewayz.obs.sim.telemetry.LogEmitter;
import ai.gatewayz.obs.sim.telemetry.LokiLogging;
import ai.gatewayz.obs.sim.telemetry.PythonLevelConverter;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import ai.gatewayz.obs.sim.traffic.VirtualRun;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * gateway-sim's log lines in virtual time into a log-store, the way the deployed suite writes them:
 * the simulator's requests and breaker transitions go through its real {@link LogEmitter} (SLF4J and
 * MDC into logback), and an appender standing in for loki4j turns each event into the entry loki4j
 * would push, with the same labels and structured metadata (read from {@link LokiLogging}'s
 * patterns, so a change there changes this feed) and the line of {@link BackendJsonLayout}, stamped
 * with the virtual time. Entries go through log-store's {@link PushReceiver} (service_name and level
 * discovery, limits). The bundled log rules (deploy/log-rules) are evaluated on their intervals, as
 * log-store's ruler does, and their results appended to a metrics-store storage (in place of the
 * ruler's remote write). Single-threaded; not thread-safe.
 */
public final class SimLogFeed implements AutoCloseable {
    public static final String TENANT = "anonymous";
    public static final String APP = "gatewayz-api";
    public static final String ENVIRONMENT = "production";
    private static final LokiLogging.Options OPTIONS = new LokiLogging.Options("http://log-store/loki/api/v1/push", APP, ENVIRONMENT,
            APP, false, 1 << 20, 1000, TENANT);

    private final TestClock clock;
    private final long startMs;
    private final ScenarioEngine scenarios;
    private final GatewaySimulator sim;
    private final TrafficGenerator gen;
    private final LogEmitter emitter = new LogEmitter();
    private final MemoryTenantLogStorages logs;
    private final PushReceiver receiver;
    private final MemoryStorage metrics = new MemoryStorage();
    private final List<RuleGroup> groups = new ArrayList<>();
    private final List<String> ruleErrors = new ArrayList<>();
    private final Map<Labels, List<RawStream.RawEntry>> pending = new LinkedHashMap<>();
    private final Capture capture = new Capture();
    private final Logger root;
    private final Random ids;
    private long seq;
    private long lastNanos;
    private long pushed;

    public SimLogFeed(long seed, double rps, Instant start) {
        clock = TestClock.at(start);
        startMs = start.toEpochMilli();
        ids = new Random(seed);
        Catalog catalog = Catalog.standard();
        scenarios = new ScenarioEngine(catalog);
        Users users = new Users(40);
        sim = new GatewaySimulator(catalog, users, scenarios, seed, (p, m, from, to, at) -> emitter.breakerTransition(p, m, from, to));
        gen = new TrafficGenerator(seed, new TrafficOptions(rps, 0.6, 40, 0.01, 0.3), users, catalog);
        logs = new MemoryTenantLogStorages(clock);
        receiver = new PushReceiver(logs, t -> IngestLimits.defaults(), clock, 64L << 20);
        QueryFunc q = LogqlRuleQueries.queryFunc(logs, TENANT, new LogqlEngine());
        for (RuleGroupSpec spec : bundledLogRuleGroups()) {
            groups.add(new RuleGroup(spec, this::record, ForStateReader.NONE, q, AlertSink.DISCARD, RulesOptions.defaults(), false));
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger("src");
        root.setLevel(Level.INFO);
        capture.setContext(ctx);
        capture.layout.setContext(ctx);
        capture.layout.start();
        capture.start();
        root.addAppender(capture);
    }

    /** Every group of the rule files under deploy/log-rules (all tenants' directories), in path order. */
    public static List<RuleGroupSpec> bundledLogRuleGroups() {
        Path dir = Peers.sourceRoot().resolve("deploy/log-rules");
        List<RuleGroupSpec> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
                out.addAll(RuleFileParser.parse(f.getFileName().toString(), Files.readString(f),
                        RuleParseOptions.defaults(LogqlRuleQueries.validator())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read log rule files [dir=" + dir + "]", e);
        }
        return out;
    }

    public GroundTruth inject(ScenarioSpec spec) {
        return scenarios.add(spec, clock.instant());
    }

    /** Runs {@code d} of traffic; on every minute boundary the pending lines are pushed and the due rule groups evaluated. */
    public void run(Duration d) {
        long end = clock.millis() + d.toMillis();
        while (clock.millis() < end) {
            long next = Math.min(end, (clock.millis() / 60_000 + 1) * 60_000);
            long from = clock.millis();
            seq = VirtualRun.run(sim, gen, clock, ms -> clock.advance(Duration.ofMillis(ms)), Duration.ofMillis(next - from), seq,
                    o -> emitter.outcome(o, hex(16), hex(8), "POST", GatewayMetrics.CHAT_ENDPOINT));
            clock.set(Instant.ofEpochMilli(next));
            push();
            if (next % 60_000 == 0) {
                evalRules(next);
            }
        }
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        ids.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void push() {
        if (pending.isEmpty()) {
            return;
        }
        List<RawStream> streams = new ArrayList<>();
        pending.forEach((l, entries) -> {
            List<String[]> pairs = new ArrayList<>();
            l.forEach((k, v) -> pairs.add(new String[] {k, v}));
            streams.add(new RawStream(null, pairs, entries));
        });
        pending.clear();
        PushResult r = receiver.store(TENANT, streams);
        if (!r.ok() || r.rejected() > 0) {
            throw new IllegalStateException("log-store refused gateway-sim's lines [status=" + r.status() + ", message=" + r.message() + "]");
        }
        pushed += r.accepted();
    }

    private void record(List<VectorSample> samples) {
        Appender app = metrics.appender();
        for (VectorSample s : samples) {
            app.append(0, s.labels(), s.timestampMs(), s.value());
        }
        app.commit();
    }

    private void evalRules(long t) {
        for (RuleGroup g : groups) {
            if ((t - startMs) % g.intervalMs() != 0) {
                continue;
            }
            g.eval(t);
            for (Rule r : g.rules()) {
                if (r.status().health() == RuleHealth.ERR && r.status().lastEvaluationMs() == t) {
                    ruleErrors.add(g.name() + "/" + r.name() + " at " + Instant.ofEpochMilli(t) + ": " + r.status().lastError());
                }
            }
        }
    }

    /** The log-store the lines went to. */
    public MemoryTenantLogStorages logs() {
        return logs;
    }

    /** The metrics-store storage holding the log rules' series. */
    public MemoryStorage metrics() {
        return metrics;
    }

    public long nowMs() {
        return clock.millis();
    }

    /** Entries accepted by log-store so far. */
    public long pushed() {
        return pushed;
    }

    public List<String> ruleErrors() {
        return List.copyOf(ruleErrors);
    }

    /** loki4j's {@code key=pattern} lines evaluated for one event: literals, {@code %pylevel}, {@code %mdc{key}}, {@code %logger}. */
    static List<String[]> evaluate(String patterns, ILoggingEvent e) {
        List<String[]> out = new ArrayList<>();
        for (String line : patterns.split("\n")) {
            int eq = line.indexOf('=');
            String key = line.substring(0, eq);
            String p = line.substring(eq + 1);
            String v;
            if (p.equals("%pylevel")) {
                v = PythonLevelConverter.name(e.getLevel());
            } else if (p.equals("%logger")) {
                v = e.getLoggerName();
            } else if (p.startsWith("%mdc{") && p.endsWith("}")) {
                v = e.getMDCPropertyMap().getOrDefault(p.substring(5, p.length() - 1), "");
            } else if (!p.contains("%")) {
                v = p;
            } else {
                throw new IllegalArgumentException("conversion not understood by the feed [pattern=" + p + "]");
            }
            out.add(new String[] {key, v});
        }
        return out;
    }

    /** Stands in for loki4j: the entry it would push for each event, queued per stream. */
    private final class Capture extends AppenderBase<ILoggingEvent> {
        final BackendJsonLayout layout = new BackendJsonLayout();
        final String labelPattern = LokiLogging.labelPattern(OPTIONS);

        @Override
        protected void append(ILoggingEvent e) {
            if (e instanceof LoggingEvent le) {
                le.setTimeStamp(clock.millis());
            }
            long ns = Math.max(clock.millis() * 1_000_000L, lastNanos + 1);
            lastNanos = ns;
            Labels.Builder b = Labels.builder();
            for (String[] kv : evaluate(labelPattern, e)) {
                b.set(kv[0], kv[1]);
            }
            List<String[]> md = new ArrayList<>();
            for (String[] kv : evaluate(LokiLogging.METADATA_PATTERN, e)) {
                if (!kv[1].isEmpty()) {
                    md.add(kv);
                }
            }
            pending.computeIfAbsent(b.build(), k -> new ArrayList<>()).add(new RawStream.RawEntry(ns, layout.doLayout(e), md));
        }
    }

    @Override
    public void close() {
        root.detachAppender(capture);
        capture.stop();
        logs.close();
        metrics.close();
    }
}
