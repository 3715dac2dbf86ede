package ai.gatewayz.obs.logs.storage.read;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams sorted by labels, each merged from all of its parts; a stream whose parts hold no entry
 * in range (after literal filtering) is skipped. Iterators of earlier streams stay valid after
 * {@link #next()}. Not thread-safe; owned by the querier's caller.
 */
public final class MergedStreamSet implements StreamSet {
    private final Iterator<Map.Entry<Labels, List<StreamPart>>> it;
    private final SelectHints hints;
    private EntryBuffer buffer;
    private Labels current;

    public MergedStreamSet(List<StreamPart> parts, SelectHints hints) {
        TreeMap<Labels, List<StreamPart>> byLabels = new TreeMap<>();
        for (StreamPart p : parts) {
            if (p.maxTime() >= hints.startNanos() && p.minTime() < hints.endNanos()) {
                byLabels.computeIfAbsent(p.labels(), k -> new ArrayList<>(2)).add(p);
            }
        }
        this.it = byLabels.entrySet().iterator();
        this.hints = hints;
    }

    @Override
    public boolean next() {
        while (it.hasNext()) {
            Map.Entry<Labels, List<StreamPart>> e = it.next();
            // A fresh buffer per stream: callers may keep iterators of earlier streams open to merge them.
            buffer = new EntryBuffer();
            for (StreamPart p : e.getValue()) {
                p.collect(hints.startNanos(), hints.endNanos(), hints.requiredLiterals(), hints.foldedLiterals(), buffer);
            }
            if (buffer.size() > 0) {
                buffer.sortAndDedupe();
                current = e.getKey();
                return true;
            }
        }
        current = null;
        return false;
    }

    @Override
    public Labels labels() {
        return current;
    }

    @Override
    public EntryIterator entries() {
        return buffer.iterator(hints.direction());
    }
}
