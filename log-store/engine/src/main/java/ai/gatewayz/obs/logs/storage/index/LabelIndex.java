package ai.gatewayz.obs.logs.storage.index;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.index.Postings;
import ai.gatewayz.obs.storage.index.PostingsList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Inverted index from label name and value to stream references, built on storage-core's
 * postings. References are added in increasing order. Not thread-safe: the owner guards it
 * (the head with its lock; a block builds it once at open and then only reads it).
 */
public final class LabelIndex {
    private final Map<String, Map<String, PostingsList>> postings = new HashMap<>();
    private final PostingsList all = new PostingsList();

    public void add(long ref, Labels labels) {
        all.add(ref);
        for (int i = 0; i < labels.size(); i++) {
            postings.computeIfAbsent(labels.name(i), k -> new HashMap<>())
                    .computeIfAbsent(labels.value(i), k -> new PostingsList()).add(ref);
        }
    }

    public int size() {
        return all.size();
    }

    /** References of the streams matching every matcher (absent labels match as empty), sorted. */
    public long[] select(List<LabelMatcher> matchers) {
        long[] acc = all.snapshot();
        for (LabelMatcher m : matchers) {
            if (acc.length == 0) {
                return acc;
            }
            Map<String, PostingsList> values = postings.getOrDefault(m.name(), Map.of());
            if (!m.matchesEmpty()) {
                String exact = m.exactValue();
                if (exact != null && m.type() != LabelMatcher.Type.NEQ) {
                    PostingsList p = values.get(exact);
                    acc = p == null ? Postings.EMPTY : Postings.intersect2(p.snapshot(), acc);
                    continue;
                }
                List<long[]> hits = new ArrayList<>();
                values.forEach((v, p) -> {
                    if (m.matches(v)) {
                        hits.add(p.snapshot());
                    }
                });
                acc = Postings.intersect2(acc, Postings.union(hits.toArray(long[][]::new)));
            } else {
                List<long[]> misses = new ArrayList<>();
                values.forEach((v, p) -> {
                    if (!m.matches(v)) {
                        misses.add(p.snapshot());
                    }
                });
                if (!misses.isEmpty()) {
                    acc = Postings.without(acc, Postings.union(misses.toArray(long[][]::new)));
                }
            }
        }
        return acc;
    }

    /** Label names present, sorted. */
    public List<String> names() {
        return new ArrayList<>(new TreeMap<>(postings).keySet());
    }
}
