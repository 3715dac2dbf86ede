package ai.gatewayz.obs.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running rule groups: replaces them atomically on (re)load, carrying alert state of
 * groups that stay (same file and name), and drives evaluation from an injected {@link Clock}.
 * {@link #tick()} evaluates every group whose slot has come (used by the scheduler thread and by
 * virtual-time tests); groups run on the given executor, never two evaluations of one group at
 * once. A failed load leaves the running groups untouched. Thread-safe.
 */
public final class RuleManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleManager.class);

    private final ResultWriter writer;
    private final ForStateReader forState;
    private final QueryFunc query;
    private final AlertSink sink;
    private final Clock clock;
    private final Executor executor;
    private volatile RulesOptions options;
    private volatile Map<String, Runner> runners = Map.of();
    private boolean everLoaded;
    private volatile TickLoop scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    public RuleManager(ResultWriter writer, ForStateReader forState, QueryFunc query, AlertSink sink,
            RulesOptions options, Clock clock, Executor executor) {
        this.writer = writer;
        this.forState = forState;
        this.query = query;
        this.sink = sink;
        this.options = options;
        this.clock = clock;
        this.executor = executor;
    }

    /** Per-group scheduling state. */
    private static final class Runner {
        final RuleGroup group;
        volatile long nextEvalMs;
        final AtomicBoolean running = new AtomicBoolean();
        int evalsSinceStart;

        Runner(RuleGroup group, long nextEvalMs) {
            this.group = group;
            this.nextEvalMs = nextEvalMs;
        }
    }

    /** Replaces the groups with {@code specs}. Groups are restored from ALERTS_FOR_STATE only on the first load. */
    public synchronized void update(List<RuleGroupSpec> specs, RulesOptions newOptions) {
        this.options = newOptions;
        boolean restore = !everLoaded;
        everLoaded = true;
        long now = clock.millis();
        Map<String, Runner> old = runners;
        Map<String, Runner> next = new LinkedHashMap<>();
        for (RuleGroupSpec s : specs) {
            RuleGroup g = new RuleGroup(s, writer, forState, query, sink, newOptions, restore);
            Runner prev = old.get(s.key());
            long nextEval = g.evalTimestamp(now) + s.intervalMs();
            if (prev != null) {
                waitIdle(prev);
                g.copyStateFrom(prev.group);
                if (prev.group.intervalMs() == s.intervalMs()) {
                    nextEval = prev.nextEvalMs;
                }
            }
            Runner r = new Runner(g, nextEval);
            if (prev != null) {
                r.evalsSinceStart = prev.evalsSinceStart;
            }
            next.put(s.key(), r);
        }
        runners = next;
        for (Map.Entry<String, Runner> e : old.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                // a removed group's series end now, as in Prometheus
                waitIdle(e.getValue());
                try {
                    e.getValue().group.markStale(now);
                } catch (RuntimeException ex) {
                    LOG.warn("marking series of removed group stale failed [group={}]", e.getValue().group.name(), ex);
                }
            }
        }
    }

    private static void waitIdle(Runner r) {
        while (r.running.get()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public List<RuleGroup> groups() {
        List<RuleGroup> out = new ArrayList<>();
        for (Runner r : runners.values()) {
            out.add(r.group);
        }
        return out;
    }

    public RulesOptions options() {
        return options;
    }

    /** Evaluates every group whose next slot is at or before the clock's now. */
    public void tick() {
        long now = clock.millis();
        for (Runner r : runners.values()) {
            if (now < r.nextEvalMs || !r.running.compareAndSet(false, true)) {
                continue;
            }
            executor.execute(() -> {
                try {
                    runOnce(r, now);
                } catch (RuntimeException e) {
                    LOG.warn("rule group evaluation failed [group={}, file={}]", r.group.name(), r.group.file(), e);
                } finally {
                    r.running.set(false);
                }
            });
        }
    }

    private void runOnce(Runner r, long now) {
        RuleGroup g = r.group;
        long ts = g.evalTimestamp(now);
        long missed = (ts - r.nextEvalMs) / g.intervalMs();
        if (missed > 0) {
            g.addMissed(missed);
        }
        g.eval(ts);
        r.evalsSinceStart++;
        if (g.shouldRestore() && r.evalsSinceStart >= 2) {
            g.restoreForState(clock.millis());
        }
        r.nextEvalMs = ts + g.intervalMs();
    }

    /** Starts a daemon thread calling {@link #tick()} every {@code pollMs} of wall time. */
    public synchronized void start(long pollMs) {
        if (scheduler == null && !closed.get()) {
            scheduler = TickLoop.start("rules-scheduler", pollMs, this::tick);
        }
    }

    @Override
    public void close() {
        closed.set(true);
        TickLoop t = scheduler;
        if (t != null) {
            t.close();
        }
    }
}
