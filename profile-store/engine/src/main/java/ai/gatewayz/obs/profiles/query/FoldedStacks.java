package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.storage.ProfileVisitor;
import ai.gatewayz.obs.profiles.storage.SymbolView;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects selected samples as collapsed stacks {@code root;...;leaf → value}, zero values left
 * out, sorted by stack text. The simplest merge; tests and the {@code render?format=folded}
 * export use it. Not thread-safe.
 */
public final class FoldedStacks implements ProfileVisitor {
    private final StackFrames frames = new StackFrames();
    private final Map<String, Long> stacks = new TreeMap<>();
    private long total;

    @Override
    public void partition(SymbolView symbols) {
        frames.reset(symbols);
    }

    @Override
    public boolean profile(Labels series, long timeNanos, long profileTotal) {
        return true;
    }

    @Override
    public void sample(int stackId, long value, long spanId) {
        if (value == 0) {
            return;
        }
        stacks.merge(String.join(";", frames.frames(stackId)), value, Long::sum);
        total += value;
    }

    public Map<String, Long> stacks() {
        return stacks;
    }

    public long total() {
        return total;
    }

    /** The collapsed text, one {@code stack value} line per distinct stack. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        stacks.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }
}
