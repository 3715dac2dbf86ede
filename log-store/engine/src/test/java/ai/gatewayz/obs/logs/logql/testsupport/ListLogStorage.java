package ai.gatewayz.obs.logs.logql.testsupport;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The smallest LogStorage the LogQL tests need: sorted lists per stream under one lock. Test-only;
 * the production in-memory and on-disk storages are bound to the same script corpus later.
 * Thread-safe.
 */
public final class ListLogStorage implements LogStorage {
    private final Map<Labels, List<LogEntry>> streams = new TreeMap<>();

    @Override
    public LogAppender appender() {
        List<Map.Entry<Labels, LogEntry>> staged = new ArrayList<>();
        return new LogAppender() {
            @Override
            public void append(Labels stream, LogEntry entry) {
                staged.add(Map.entry(stream, entry));
            }

            @Override
            public void commit() {
                synchronized (streams) {
                    for (Map.Entry<Labels, LogEntry> e : staged) {
                        List<LogEntry> l = streams.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                        if (!l.contains(e.getValue())) {
                            l.add(e.getValue());
                        }
                    }
                    for (List<LogEntry> l : streams.values()) {
                        l.sort(Comparator.comparingLong(LogEntry::timestampNanos));
                    }
                }
                staged.clear();
            }

            @Override
            public void rollback() {
                staged.clear();
            }
        };
    }

    @Override
    public LogQuerier querier() {
        Map<Labels, List<LogEntry>> snap = new TreeMap<>();
        synchronized (streams) {
            streams.forEach((k, v) -> snap.put(k, List.copyOf(v)));
        }
        return new LogQuerier() {
            @Override
            public StreamSet select(List<LabelMatcher> matchers, SelectHints hints) {
                List<Map.Entry<Labels, List<LogEntry>>> hits = new ArrayList<>();
                for (Map.Entry<Labels, List<LogEntry>> e : snap.entrySet()) {
                    if (!matches(e.getKey(), matchers)) {
                        continue;
                    }
                    List<LogEntry> in = new ArrayList<>();
                    for (LogEntry le : e.getValue()) {
                        if (le.timestampNanos() >= hints.startNanos() && le.timestampNanos() < hints.endNanos()) {
                            in.add(le);
                        }
                    }
                    if (!in.isEmpty()) {
                        if (hints.direction() == Direction.BACKWARD) {
                            java.util.Collections.reverse(in);
                        }
                        hits.add(Map.entry(e.getKey(), in));
                    }
                }
                return new StreamSet() {
                    int i = -1;

                    @Override
                    public boolean next() {
                        return ++i < hits.size();
                    }

                    @Override
                    public Labels labels() {
                        return hits.get(i).getKey();
                    }

                    @Override
                    public EntryIterator entries() {
                        List<LogEntry> es = hits.get(i).getValue();
                        return new EntryIterator() {
                            int j = -1;

                            @Override
                            public boolean next() {
                                return ++j < es.size();
                            }

                            @Override
                            public long timestampNanos() {
                                return es.get(j).timestampNanos();
                            }

                            @Override
                            public String line() {
                                return es.get(j).line();
                            }

                            @Override
                            public Labels metadata() {
                                return es.get(j).metadata();
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
                for (Map.Entry<Labels, List<LogEntry>> e : snap.entrySet()) {
                    if (matches(e.getKey(), matchers) && e.getValue().stream()
                            .anyMatch(le -> le.timestampNanos() >= startNanos && le.timestampNanos() < endNanos)) {
                        out.add(e.getKey());
                    }
                }
                return out;
            }

            @Override
            public void close() {
            }
        };
    }

    private static boolean matches(Labels l, List<LabelMatcher> ms) {
        for (LabelMatcher m : ms) {
            if (!m.matches(l)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
    }
}
