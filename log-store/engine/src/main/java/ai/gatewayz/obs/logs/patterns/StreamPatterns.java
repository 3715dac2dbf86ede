package ai.gatewayz.obs.logs.patterns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Drain-style clusterer of one stream. Lines are grouped first by token count and then by their
 * first token (or {@code <_>} when it is a variable); inside a group the most similar cluster at or
 * above the threshold takes the line and widens its template, otherwise the line founds a new
 * cluster. Bounded: past the cluster limit the least recently matched cluster is evicted. Each
 * method is synchronized on the instance: pushes and queries of one stream never overlap.
 */
final class StreamPatterns {
    private final PatternOptions options;
    private final Map<Integer, Map<String, List<Cluster>>> tree = new HashMap<>();
    private int clusters;
    private long tick;
    volatile long newestNanos = Long.MIN_VALUE;
    private final Tokens.Line buffer = new Tokens.Line();
    private final Tokens.Cache tokens = new Tokens.Cache(256);

    StreamPatterns(PatternOptions options) {
        this.options = options;
    }

    /** Clusters one line; returns the cluster that took it (null for a blank line). */
    synchronized Cluster add(String line, String level, long timestampNanos) {
        Tokens.Line t = Tokens.split(line, options.maxTokens(), buffer, tokens);
        if (t.length() == 0) {
            return null;
        }
        List<Cluster> group = tree.computeIfAbsent(t.length(), n -> new HashMap<>())
                .computeIfAbsent(t.tokens()[0], k -> new ArrayList<>(4));
        Cluster best = null;
        double bestSim = -1;
        int bestVars = Integer.MAX_VALUE;
        for (Cluster c : group) {
            double s = c.similarity(t);
            if (s > bestSim || s == bestSim && c.variables() < bestVars) {
                best = c;
                bestSim = s;
                bestVars = c.variables();
            }
        }
        if (best == null || bestSim < options.similarity()) {
            if (clusters >= options.maxClustersPerStream()) {
                evictLeastRecent();
            }
            best = new Cluster(t);
            group.add(best);
            clusters++;
        } else {
            best.merge(t);
        }
        best.lastUsed = ++tick;
        long bucketNs = options.bucket().toNanos();
        best.count(level, Math.floorDiv(timestampNanos, bucketNs) * bucketNs);
        if (timestampNanos > newestNanos) {
            newestNanos = timestampNanos;
        }
        return best;
    }

    private void evictLeastRecent() {
        List<Cluster> owner = null;
        Cluster victim = null;
        for (Map<String, List<Cluster>> byFirst : tree.values()) {
            for (List<Cluster> g : byFirst.values()) {
                for (Cluster c : g) {
                    if (victim == null || c.lastUsed < victim.lastUsed) {
                        victim = c;
                        owner = g;
                    }
                }
            }
        }
        if (owner != null) {
            owner.remove(victim);
            clusters--;
        }
    }

    /** Drops samples before {@code oldestNanos} and clusters left without samples; true when the stream is empty. */
    synchronized boolean trim(long oldestNanos) {
        for (Iterator<Map<String, List<Cluster>>> a = tree.values().iterator(); a.hasNext();) {
            Map<String, List<Cluster>> byFirst = a.next();
            for (Iterator<List<Cluster>> b = byFirst.values().iterator(); b.hasNext();) {
                List<Cluster> g = b.next();
                int before = g.size();
                g.removeIf(c -> c.trim(oldestNanos));
                clusters -= before - g.size();
                if (g.isEmpty()) {
                    b.remove();
                }
            }
            if (byFirst.isEmpty()) {
                a.remove();
            }
        }
        return clusters == 0;
    }

    /** Adds this stream's counts in [start, end) per (pattern, level) into {@code out}, resampled to {@code step}. */
    synchronized void collect(long start, long end, long step, int steps, Map<PatternKey, long[]> out) {
        for (Map<String, List<Cluster>> byFirst : tree.values()) {
            for (List<Cluster> g : byFirst.values()) {
                for (Cluster c : g) {
                    for (Map.Entry<String, Samples> e : c.perLevel.entrySet()) {
                        PatternKey key = new PatternKey(c.pattern(), e.getKey());
                        long[] acc = out.get(key);
                        boolean fresh = acc == null;
                        if (fresh) {
                            acc = new long[steps];
                        }
                        if (e.getValue().sumInto(start, end, step, acc) > 0 && fresh) {
                            out.put(key, acc);
                        }
                    }
                }
            }
        }
    }

    synchronized int clusterCount() {
        return clusters;
    }

    /** A pattern and level: the unit the API reports. */
    record PatternKey(String pattern, String level) {
    }
}
