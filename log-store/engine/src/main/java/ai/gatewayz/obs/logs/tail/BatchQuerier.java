package ai.gatewayz.obs.logs.tail;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.observe.CommitListener.Committed;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A querier over one committed push, so a tail runs its LogQL pipeline through the same engine a
 * query uses instead of a second implementation. Entries of a stream keep push order sorted by
 * time. Not thread-safe; one per evaluation.
 */
final class BatchQuerier implements LogQuerier {
    private final Map<Labels, List<LogEntry>> streams = new TreeMap<>();

    BatchQuerier(List<Committed> batch) {
        for (Committed c : batch) {
            streams.computeIfAbsent(c.stream(), l -> new ArrayList<>()).add(c.entry());
        }
        for (List<LogEntry> l : streams.values()) {
            l.sort(Comparator.comparingLong(LogEntry::timestampNanos));
        }
    }

    boolean anyMatch(List<LabelMatcher> matchers) {
        for (Labels l : streams.keySet()) {
            if (matches(matchers, l)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<LabelMatcher> matchers, Labels l) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(l)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public StreamSet select(List<LabelMatcher> matchers, SelectHints hints) {
        List<Map.Entry<Labels, List<LogEntry>>> picked = new ArrayList<>();
        for (Map.Entry<Labels, List<LogEntry>> e : streams.entrySet()) {
            if (matches(matchers, e.getKey())) {
                List<LogEntry> in = new ArrayList<>();
                for (LogEntry le : e.getValue()) {
                    if (le.timestampNanos() >= hints.startNanos() && le.timestampNanos() < hints.endNanos()) {
                        in.add(le);
                    }
                }
                if (hints.direction() == Direction.BACKWARD) {
                    java.util.Collections.reverse(in);
                }
                if (!in.isEmpty()) {
                    picked.add(Map.entry(e.getKey(), in));
                }
            }
        }
        Iterator<Map.Entry<Labels, List<LogEntry>>> it = picked.iterator();
        return new StreamSet() {
            Map.Entry<Labels, List<LogEntry>> cur;

            @Override
            public boolean next() {
                cur = it.hasNext() ? it.next() : null;
                return cur != null;
            }

            @Override
            public Labels labels() {
                return cur.getKey();
            }

            @Override
            public EntryIterator entries() {
                Iterator<LogEntry> es = cur.getValue().iterator();
                return new EntryIterator() {
                    LogEntry e;

                    @Override
                    public boolean next() {
                        e = es.hasNext() ? es.next() : null;
                        return e != null;
                    }

                    @Override
                    public long timestampNanos() {
                        return e.timestampNanos();
                    }

                    @Override
                    public String line() {
                        return e.line();
                    }

                    @Override
                    public Labels metadata() {
                        return e.metadata();
                    }
                };
            }
        };
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : series(matchers, startNanos, endNanos)) {
            l.forEach((n, v) -> out.add(n));
        }
        return List.copyOf(out);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<String> out = new TreeSet<>();
        for (Labels l : series(matchers, startNanos, endNanos)) {
            if (l.has(name)) {
                out.add(l.get(name));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        List<Labels> out = new ArrayList<>();
        for (Labels l : streams.keySet()) {
            if (matches(matchers, l)) {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
