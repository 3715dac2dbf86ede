package ai.gatewayz.obs.logs.patterns;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.ingest.Discovery;
import ai.gatewayz.obs.logs.observe.CommitListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mines log patterns per tenant and stream as lines are committed (a {@link CommitListener}), and
 * answers {@code /patterns}: the patterns of the streams a selector matches, merged by pattern text
 * and level, counted per step. State is in memory and bounded by {@link PatternOptions}; it starts
 * empty on restart (like Loki's pattern ingester, it covers the recent past only). Thread-safe.
 */
public final class PatternMiner implements CommitListener {
    private final PatternOptions options;
    private final Clock clock;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Labels, StreamPatterns>> tenants = new ConcurrentHashMap<>();
    private volatile long lastTrimMillis;

    public PatternMiner(PatternOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    @Override
    public void committed(String tenant, List<Committed> entries) {
        ConcurrentHashMap<Labels, StreamPatterns> streams = tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        for (Committed c : entries) {
            StreamPatterns sp = streams.computeIfAbsent(c.stream(), l -> new StreamPatterns(options));
            sp.add(c.entry().line(), level(c), c.entry().timestampNanos());
        }
        maybeTrim();
    }

    static String level(Committed c) {
        String l = c.entry().metadata().get(Discovery.DETECTED_LEVEL);
        if (l.isEmpty()) {
            l = c.stream().get(Discovery.DETECTED_LEVEL);
        }
        if (l.isEmpty()) {
            l = c.stream().get("level");
        }
        return l.isEmpty() ? "unknown" : l;
    }

    private void maybeTrim() {
        long now = clock.millis();
        if (now - lastTrimMillis < 60_000) {
            return;
        }
        lastTrimMillis = now;
        trim(now);
    }

    /** Forgets samples older than the retention and streams left without any. */
    public void trim(long nowMillis) {
        long oldest = (nowMillis - options.retention().toMillis()) * 1_000_000L;
        for (ConcurrentHashMap<Labels, StreamPatterns> streams : tenants.values()) {
            streams.values().removeIf(sp -> sp.trim(oldest));
        }
    }

    /**
     * Patterns of the tenant's streams matching every matcher with lines in [start, end), counted per
     * {@code step} (steps start at {@code start}), most frequent first, at most {@code limit}.
     */
    public List<PatternSeries> query(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos,
            long stepNanos, int limit) {
        Map<Labels, StreamPatterns> streams = tenants.get(tenant);
        if (streams == null || endNanos <= startNanos) {
            return List.of();
        }
        long span = endNanos - startNanos;
        long step = Math.max(stepNanos, Math.max(options.bucket().toNanos(), span / 11_000 + 1));
        int steps = (int) ((span + step - 1) / step);
        Map<StreamPatterns.PatternKey, long[]> acc = new HashMap<>();
        for (Map.Entry<Labels, StreamPatterns> e : streams.entrySet()) {
            if (matchesAll(matchers, e.getKey())) {
                e.getValue().collect(startNanos, endNanos, step, steps, acc);
            }
        }
        List<PatternSeries> out = new ArrayList<>(acc.size());
        for (Map.Entry<StreamPatterns.PatternKey, long[]> e : acc.entrySet()) {
            long[] counts = e.getValue();
            int n = 0;
            long total = 0;
            for (long c : counts) {
                if (c > 0) {
                    n++;
                    total += c;
                }
            }
            long[] ts = new long[n];
            long[] cs = new long[n];
            int j = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    ts[j] = startNanos + i * step;
                    cs[j++] = counts[i];
                }
            }
            out.add(new PatternSeries(e.getKey().pattern(), e.getKey().level(), ts, cs, total));
        }
        out.sort((a, b) -> a.total() != b.total() ? Long.compare(b.total(), a.total())
                : a.pattern().equals(b.pattern()) ? a.level().compareTo(b.level()) : a.pattern().compareTo(b.pattern()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels l) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(l)) {
                return false;
            }
        }
        return true;
    }

    /** Clusters held for a tenant, for tests and self-metrics. */
    public int clusters(String tenant) {
        Map<Labels, StreamPatterns> streams = tenants.get(tenant);
        return streams == null ? 0 : streams.values().stream().mapToInt(StreamPatterns::clusterCount).sum();
    }
}
