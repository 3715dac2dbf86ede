package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.alertmanager.PostableAlert;
import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rule group: its rules evaluated in order at one timestamp, each rule's results written back
 * (and visible to the following rules) before the next rule runs, series that disappeared marked
 * stale, alerts handed to the {@link AlertSink}. What differs per store is injected: the
 * {@link QueryFunc} (PromQL, LogQL), the {@link ResultWriter} and the {@link ForStateReader}. {@link #eval(long)} must be called from one thread
 * at a time (the group's scheduler, or a test in virtual time); status getters are thread-safe.
 */
public final class RuleGroup {
    private static final Logger LOG = LoggerFactory.getLogger(RuleGroup.class);
    /** Prometheus's staleness marker. */
    public static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private final RuleGroupSpec spec;
    private final List<Rule> rules;
    private final ResultWriter writer;
    private final ForStateReader forState;
    private final QueryFunc query;
    private final AlertSink sink;
    private final RulesOptions options;
    private final Map<Rule, Set<Labels>> previousSeries = new HashMap<>();
    private volatile boolean shouldRestore;
    private volatile long lastEvaluationMs;
    private volatile double evaluationSeconds;
    private volatile long missedIterations;
    private volatile long evaluations;
    private volatile long failures;

    public RuleGroup(RuleGroupSpec spec, ResultWriter writer, ForStateReader forState, QueryFunc query, AlertSink sink,
            RulesOptions options, boolean shouldRestore) {
        this.spec = spec;
        this.writer = writer;
        this.forState = forState;
        this.query = query;
        this.sink = sink;
        this.options = options;
        this.shouldRestore = shouldRestore;
        List<Rule> rs = new ArrayList<>();
        for (RuleSpec r : spec.rules()) {
            Labels.Builder b = Labels.builder();
            spec.labels().forEach(b::set);
            r.labels().forEach(b::set);
            Labels l = b.build();
            rs.add(r.isAlerting() ? new AlertingRule(r, l, options, !shouldRestore) : new RecordingRule(r, l));
        }
        this.rules = List.copyOf(rs);
    }

    public RuleGroupSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public String file() {
        return spec.file();
    }

    public long intervalMs() {
        return spec.intervalMs();
    }

    public List<Rule> rules() {
        return rules;
    }

    public long lastEvaluationMs() {
        return lastEvaluationMs;
    }

    public double evaluationSeconds() {
        return evaluationSeconds;
    }

    public long missedIterations() {
        return missedIterations;
    }

    public long evaluations() {
        return evaluations;
    }

    public long failures() {
        return failures;
    }

    void addMissed(long n) {
        missedIterations += n;
    }

    public boolean shouldRestore() {
        return shouldRestore;
    }

    /**
     * The timestamp of the evaluation slot at or before {@code nowMs}: slots are
     * {@code offset + k * interval}, with a per-group offset from the group's hash so groups spread out.
     */
    public long evalTimestamp(long nowMs) {
        long interval = spec.intervalMs();
        long offset = Math.floorMod(Labels.of("name", spec.name(), "file", spec.file()).hash64(), interval);
        long adj = nowMs - offset;
        return adj - Math.floorMod(adj, interval) + offset;
    }

    /** Evaluates every rule at {@code ts} (ms). */
    public void eval(long ts) {
        long start = System.nanoTime();
        for (Rule rule : rules) {
            long rs = System.nanoTime();
            List<VectorSample> out;
            try {
                out = rule.eval(ts, spec.queryOffsetMs(), query, spec.limit());
                setStatus(rule, new Rule.RuleStatus(RuleHealth.OK, "", ts, (System.nanoTime() - rs) / 1e9));
            } catch (RuntimeException e) {
                // as Prometheus: a failed rule sends nothing, writes nothing and keeps its series (no stale markers)
                failures++;
                setStatus(rule, new Rule.RuleStatus(RuleHealth.ERR, String.valueOf(e.getMessage()), ts,
                        (System.nanoTime() - rs) / 1e9));
                continue;
            }
            if (rule instanceof AlertingRule ar) {
                List<PostableAlert> send = ar.alertsToSend(ts, spec.intervalMs());
                if (!send.isEmpty()) {
                    sink.send(send);
                }
            }
            write(rule, out, ts - spec.queryOffsetMs());
        }
        evaluations++;
        evaluationSeconds = (System.nanoTime() - start) / 1e9;
        lastEvaluationMs = ts;
    }

    private static void setStatus(Rule rule, Rule.RuleStatus s) {
        switch (rule) {
            case RecordingRule r -> r.setStatus(s);
            case AlertingRule a -> a.setStatus(s);
        }
    }

    private void write(Rule rule, List<VectorSample> out, long ts) {
        Set<Labels> now = new HashSet<>(out.size() * 2);
        Set<Labels> before = previousSeries.getOrDefault(rule, Set.of());
        if (out.isEmpty() && before.isEmpty()) {
            return;
        }
        List<VectorSample> batch = new ArrayList<>(out.size() + before.size());
        for (VectorSample s : out) {
            now.add(s.labels());
            batch.add(s);
        }
        for (Labels gone : before) {
            if (!now.contains(gone)) {
                batch.add(new VectorSample(gone, ts, STALE_NAN));
            }
        }
        writer.write(batch);
        previousSeries.put(rule, now);
    }

    /** Writes staleness markers for every series this group wrote last (the group was removed). */
    public void markStale(long ts) {
        for (Rule r : rules) {
            write(r, List.of(), ts);
        }
    }

    /** Takes over alert state of identically named rules from a group being replaced. */
    void copyStateFrom(RuleGroup old) {
        Map<String, List<AlertingRule>> byKey = new HashMap<>();
        for (Rule r : old.rules) {
            if (r instanceof AlertingRule ar) {
                byKey.computeIfAbsent(ar.name() + ar.labels(), k -> new ArrayList<>()).add(ar);
            }
        }
        for (Rule r : rules) {
            if (r instanceof AlertingRule ar) {
                List<AlertingRule> l = byKey.get(ar.name() + ar.labels());
                if (l != null && !l.isEmpty()) {
                    ar.copyStateFrom(l.removeFirst());
                }
            }
        }
        for (int i = 0; i < rules.size() && i < old.rules.size(); i++) {
            Set<Labels> prev = old.previousSeries.get(old.rules.get(i));
            if (prev != null && rules.get(i).name().equals(old.rules.get(i).name())) {
                previousSeries.put(rules.get(i), prev);
            }
        }
        lastEvaluationMs = old.lastEvaluationMs;
        shouldRestore = old.shouldRestore && shouldRestore;
    }

    /**
     * Restores the activeAt of pending/firing alerts from {@code ALERTS_FOR_STATE} written before a
     * restart, as Prometheus does (outage tolerance, grace period), then marks rules restored.
     */
    public void restoreForState(long ts) {
        long mint = ts - options.outageToleranceMs();
        for (Rule r : rules) {
            if (!(r instanceof AlertingRule ar)) {
                continue;
            }
            long hold = ar.holdDurationMs();
            if (hold < options.forGracePeriodMs()) {
                ar.setRestored(true);
                continue;
            }
            for (Map.Entry<Labels, Long> e : ar.activeAtByLabels().entrySet()) {
                Optional<VectorSample> last;
                try {
                    last = forState.lastSample(AlertingRule.forStateLabels(e.getKey()), mint, ts);
                } catch (RuntimeException ex) {
                    // as Prometheus: there is no second attempt, the rule counts as restored and its
                    // alerts wait their full 'for' again
                    LOG.warn("restoring 'for' state failed [group={}, alert={}, error={}]", spec.name(), ar.name(),
                            ex.getMessage());
                    break;
                }
                if (last.isEmpty()) {
                    continue;
                }
                long downAt = Math.floorDiv(last.get().timestampMs(), 1000) * 1000;
                long restoredActiveAt = (long) last.get().value() * 1000;
                long remaining = hold - (downAt - restoredActiveAt);
                if (remaining <= 0) {
                    // was firing when we went down: fires again on the next evaluation
                } else if (remaining < options.forGracePeriodMs()) {
                    restoredActiveAt = ts + options.forGracePeriodMs() - hold;
                } else {
                    restoredActiveAt += ts - downAt;
                }
                ar.restoreActiveAt(e.getKey(), restoredActiveAt);
            }
            ar.setRestored(true);
        }
        shouldRestore = false;
    }
}
