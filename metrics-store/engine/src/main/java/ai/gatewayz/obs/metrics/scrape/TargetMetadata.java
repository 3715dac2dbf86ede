package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.metrics.model.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata (TYPE, HELP, UNIT) one target has exposed, by metric family name, kept the way
 * Prometheus's scrape cache keeps it: updated by every successful scrape, left as it is by a failed
 * one, and an entry whose family stopped appearing is forgotten after {@value #KEEP_SCRAPES} more
 * successful scrapes. Not thread-safe for updates (the loop's thread); {@link #snapshot()} is a
 * published immutable copy any thread may read.
 */
final class TargetMetadata {
    static final int KEEP_SCRAPES = 10;

    private record Entry(Metadata metadata, long lastIteration) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long iteration;
    private volatile Map<String, Metadata> snapshot = Map.of();

    /** Records the metadata of one successful scrape. */
    void update(Map<String, Metadata> scraped) {
        iteration++;
        boolean changed = false;
        for (Map.Entry<String, Metadata> e : scraped.entrySet()) {
            Entry old = entries.put(e.getKey(), new Entry(e.getValue(), iteration));
            changed |= old == null || !old.metadata().equals(e.getValue());
        }
        changed |= entries.values().removeIf(en -> iteration - en.lastIteration() > KEEP_SCRAPES);
        if (changed) {
            Map<String, Metadata> copy = new LinkedHashMap<>();
            entries.forEach((k, v) -> copy.put(k, v.metadata()));
            snapshot = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** Family name → metadata, in the order the families first appeared. */
    Map<String, Metadata> snapshot() {
        return snapshot;
    }
}
