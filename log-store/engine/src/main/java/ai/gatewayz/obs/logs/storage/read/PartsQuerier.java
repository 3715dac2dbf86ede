package ai.gatewayz.obs.logs.storage.read;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.IndexStats;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A querier over a fixed snapshot of parts; both storages build theirs from it. Not thread-safe,
 * one per query; {@code onClose} releases what the snapshot pinned (blocks).
 */
public final class PartsQuerier implements LogQuerier {
    private final List<PartSource> sources;
    private final Runnable onClose;
    private boolean closed;

    public PartsQuerier(List<PartSource> sources, Runnable onClose) {
        this.sources = sources;
        this.onClose = onClose;
    }

    private List<StreamPart> parts(List<LabelMatcher> matchers, long start, long end) {
        List<StreamPart> out = new ArrayList<>();
        for (PartSource s : sources) {
            for (StreamPart p : s.select(matchers)) {
                if (p.maxTime() >= start && p.minTime() < end) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    @Override
    public StreamSet select(List<LabelMatcher> matchers, SelectHints hints) {
        return new MergedStreamSet(parts(matchers, hints.startNanos(), hints.endNanos()), hints);
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<String> names = new TreeSet<>();
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            Labels l = p.labels();
            for (int i = 0; i < l.size(); i++) {
                names.add(l.name(i));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<String> values = new TreeSet<>();
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            String v = p.labels().get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<Labels> out = new TreeSet<>();
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            out.add(p.labels());
        }
        return List.copyOf(out);
    }

    @Override
    public IndexStats stats(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        Set<Labels> streams = new HashSet<>();
        long chunks = 0;
        long bytes = 0;
        long entries = 0;
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            streams.add(p.labels());
            chunks += p.chunks();
            bytes += p.bytes();
            entries += p.entries();
        }
        return new IndexStats(streams.size(), chunks, bytes, entries);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
