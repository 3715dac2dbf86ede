package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.storage.ProfileVisitor;
import ai.gatewayz.obs.profiles.storage.SymbolView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges selected samples into a {@link StackTree}, keeping only what a {@link SampleFilter}
 * selects. Takes series' merged trees when the filter allows it (no span or profile-id selector),
 * so long ranges read one tree per series and partition. The leaf node of each stack id is cached
 * per partition so repeated stacks cost one map look-up. Not thread-safe.
 */
final class TreeVisitor implements ProfileVisitor {
    private final StackTree tree;
    private final boolean second;
    private final SampleFilter filter;
    private final SampleFilter.ProfileMatcher profiles;
    private final StackFrames frames = new StackFrames();
    private final Map<Integer, StackTree.Node> leaves = new HashMap<>();

    TreeVisitor(StackTree tree, boolean second, SampleFilter filter) {
        this.tree = tree;
        this.second = second;
        this.filter = filter == null ? SampleFilter.NONE : filter;
        this.profiles = this.filter.profileMatcher();
    }

    @Override
    public void partition(SymbolView symbols) {
        frames.reset(symbols);
        leaves.clear();
    }

    @Override
    public boolean profile(Labels series, long timeNanos, long total) {
        return profiles.matches(series, timeNanos);
    }

    @Override
    public boolean acceptsMerged() {
        return filter.mergeable();
    }

    @Override
    public void sample(int stackId, long value, long spanId) {
        if (value == 0 || (filter.spans() != null && !filter.spans().contains(spanId))) {
            return;
        }
        StackTree.Node leaf = leaves.get(stackId);
        if (leaf == null) {
            List<String> f = frames.frames(stackId);
            List<String> callSite = filter.callSite();
            if (filter.hasCallSite() && (f.size() < callSite.size() || !f.subList(0, callSite.size()).equals(callSite))) {
                leaves.put(stackId, tree.root); // marker: filtered out
                return;
            }
            leaf = tree.node(f);
            leaves.put(stackId, leaf);
        } else if (leaf == tree.root && filter.hasCallSite()) {
            return;
        }
        StackTree.add(leaf, value, second);
    }
}
