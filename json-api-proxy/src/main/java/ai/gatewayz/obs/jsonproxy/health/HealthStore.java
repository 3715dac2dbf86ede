package ai.gatewayz.obs.jsonproxy.health;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The latest snapshot and a bounded history of snapshots (oldest dropped first), for the current
 * state and history endpoints. Thread-safe.
 */
public final class HealthStore {
    private final int maxSnapshots;
    private final Deque<Snapshot> history = new ArrayDeque<>();
    private volatile Snapshot latest = Snapshot.EMPTY;

    public HealthStore(int maxSnapshots) {
        if (maxSnapshots < 1) {
            throw new IllegalArgumentException("history must keep at least one snapshot [max=" + maxSnapshots + "]");
        }
        this.maxSnapshots = maxSnapshots;
    }

    public synchronized void add(Snapshot s) {
        latest = s;
        history.addLast(s);
        while (history.size() > maxSnapshots) {
            history.removeFirst();
        }
    }

    public Snapshot latest() {
        return latest;
    }

    /** Snapshots with {@code from <= at <= to}, oldest first. */
    public synchronized List<Snapshot> between(Instant from, Instant to) {
        List<Snapshot> out = new ArrayList<>();
        for (Snapshot s : history) {
            if (!s.at().isBefore(from) && !s.at().isAfter(to)) {
                out.add(s);
            }
        }
        return out;
    }
}
