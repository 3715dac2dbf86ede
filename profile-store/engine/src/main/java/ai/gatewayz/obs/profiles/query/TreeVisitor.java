package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.storage.ProfileVisitor;
import ai.gatewayz.obs.profiles.storage.SymbolView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges selected samples into a {@link StackTree}, optionally keeping only samples of given span
 * ids or stacks under a call-site prefix. The leaf node of each stack id is cached per partition
 * so repeated stacks cost one map look-up. Not thread-safe.
 */
final class TreeVisitor implements ProfileVisitor {
    private final StackTree tree;
    private final boolean second;
    private final Set<Long> spans;
    private final List<String> callSite;
    private final StackFrames frames = new StackFrames();
    private final Map<Integer, StackTree.Node> leaves = new HashMap<>();

    TreeVisitor(StackTree tree, boolean second, Set<Long> spans, List<String> callSite) {
        this.tree = tree;
        this.second = second;
        this.spans = spans;
        this.callSite = callSite;
    }

    @Override
    public void partition(SymbolView symbols) {
        frames.reset(symbols);
        leaves.clear();
    }

    @Override
    public boolean profile(Labels series, long timeNanos, long total) {
        return true;
    }

    @Override
    public void sample(int stackId, long value, long spanId) {
        if (value == 0 || (spans != null && !spans.contains(spanId))) {
            return;
        }
        StackTree.Node leaf = leaves.get(stackId);
        if (leaf == null) {
            List<String> f = frames.frames(stackId);
            if (callSite != null && !callSite.isEmpty()
                    && (f.size() < callSite.size() || !f.subList(0, callSite.size()).equals(callSite))) {
                leaves.put(stackId, tree.root); // marker: filtered out
                return;
            }
            leaf = tree.node(f);
            leaves.put(stackId, leaf);
        } else if (leaf == tree.root && callSite != null && !callSite.isEmpty()) {
            return;
        }
        StackTree.add(leaf, value, second);
    }
}
