package ai.gatewayz.obs.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST SUPPORT: a query function whose answers the test sets per expression and time range (the
 * store's query language is not part of libs/rules); every call is recorded so tests can check
 * which expression ran at which time.
 */
final class ScriptedQuery implements QueryFunc {
    private final Map<String, TreeMap<Long, List<VectorSample>>> answers = new ConcurrentHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

    /** From {@code fromMs} on (until a later answer), {@code expr} returns {@code samples}. */
    ScriptedQuery answer(String expr, long fromMs, List<VectorSample> samples) {
        answers.computeIfAbsent(expr, e -> new TreeMap<>()).put(fromMs, samples);
        return this;
    }

    @Override
    public List<VectorSample> query(String expr, long timeMs) {
        calls.add(expr + "@" + timeMs);
        TreeMap<Long, List<VectorSample>> byTime = answers.get(expr);
        if (byTime == null) {
            throw new IllegalArgumentException("no answer scripted for " + expr);
        }
        Map.Entry<Long, List<VectorSample>> e = byTime.floorEntry(timeMs);
        List<VectorSample> out = new ArrayList<>();
        if (e != null) {
            for (VectorSample s : e.getValue()) {
                out.add(new VectorSample(s.labels(), timeMs, s.value()));
            }
        }
        return out;
    }
}
