package ai.gatewayz.obs.profiles.model;

import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ProfileInput} from stacks of function names (folded text, JFR frames, tests):
 * equal stacks with equal span ids are summed into one sample. Not thread-safe; one per profile.
 */
public final class StackProfileBuilder {
    private final LocalSymbols symbols = new LocalSymbols();
    private final Map<Key, Integer> sampleIndex = new HashMap<>();
    private final List<int[]> stacks = new ArrayList<>();
    private final List<long[]> valueAndSpan = new ArrayList<>();

    private record Key(String stack, long span) {
    }

    /** Adds {@code value} to the stack {@code rootFirst} (root frame first). */
    public StackProfileBuilder add(List<String> rootFirst, long value, long spanId) {
        Key k = new Key(String.join("\u0000", rootFirst), spanId);
        Integer i = sampleIndex.get(k);
        if (i == null) {
            int[] st = new int[rootFirst.size()];
            for (int j = 0; j < st.length; j++) {
                st[st.length - 1 - j] = symbols.locationForName(rootFirst.get(j));
            }
            i = stacks.size();
            stacks.add(st);
            valueAndSpan.add(new long[] {0, spanId});
            sampleIndex.put(k, i);
        }
        valueAndSpan.get(i)[0] += value;
        return this;
    }

    public StackProfileBuilder add(List<String> rootFirst, long value) {
        return add(rootFirst, value, 0);
    }

    public int sampleCount() {
        return stacks.size();
    }

    public ProfileInput build(Labels series, long timeNanos, long durationNanos) {
        int n = stacks.size();
        long[] values = new long[n];
        long[] spans = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = valueAndSpan.get(i)[0];
            spans[i] = valueAndSpan.get(i)[1];
        }
        return new ProfileInput(series, timeNanos, durationNanos, symbols, stacks.toArray(int[][]::new), values, spans);
    }
}
