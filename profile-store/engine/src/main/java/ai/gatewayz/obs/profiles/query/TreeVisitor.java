package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.storage.ProfileVisitor;
import ai.gatewayz.obs.profiles.storage.SymbolView;
import java.util.List;

/**
 * Merges selected samples into a {@link StackTree}, keeping only what a {@link SampleFilter}
 * selects. Takes series' merged trees when the filter allows it (no span or profile-id selector),
 * so long ranges read one tree per series and partition. The tree node of each stack id is cached
 * per partition in an array (stack ids are dense), so repeated stacks cost one array read.
 * Not thread-safe.
 */
final class TreeVisitor implements ProfileVisitor {
    private final StackTree tree;
    private final boolean second;
    private final SampleFilter filter;
    private final SampleFilter.ProfileMatcher profiles;
    private final StackFrames frames = new StackFrames();
    /** Tree node per stack id of the current partition (ids are dense), null = not resolved yet. */
    private StackTree.Node[] leaves = new StackTree.Node[1024];

    TreeVisitor(StackTree tree, boolean second, SampleFilter filter) {
        this.tree = tree;
        this.second = second;
        this.filter = filter == null ? SampleFilter.NONE : filter;
        this.profiles = this.filter.profileMatcher();
    }

    @Override
    public void partition(SymbolView symbols) {
        frames.reset(symbols);
        java.util.Arrays.fill(leaves, null);
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
        if (stackId >= leaves.length) {
            leaves = java.util.Arrays.copyOf(leaves, Math.max(stackId + 1, leaves.length * 2));
        }
        StackTree.Node leaf = leaves[stackId];
        if (leaf == null && !filter.hasCallSite()) {
            leaf = leafOf(stackId);
        } else if (leaf == null) {
            List<String> f = frames.frames(stackId);
            List<String> callSite = filter.callSite();
            if (filter.hasCallSite() && (f.size() < callSite.size() || !f.subList(0, callSite.size()).equals(callSite))) {
                leaves[stackId] = tree.root; // marker: filtered out
                return;
            }
            leaf = tree.node(f);
            leaves[stackId] = leaf;
        } else if (leaf == tree.root && filter.hasCallSite()) {
            return;
        }
        StackTree.add(leaf, value, second);
    }

    /**
     * The tree node of a stack, built from its parent's node and its own location only: the
     * partition's stacks are a parent-pointer table, so each stack of a partition costs one
     * location's frames however deep it is. Iterative: stacks can be thousands of frames deep.
     */
    private StackTree.Node leafOf(int stackId) {
        SymbolView view = frames.view();
        int[] pending = new int[16];
        int n = 0;
        int s = stackId;
        StackTree.Node base;
        while (true) {
            if (s <= 0) {
                base = tree.root;
                break;
            }
            StackTree.Node known = s < leaves.length ? leaves[s] : null;
            if (known != null) {
                base = known;
                break;
            }
            if (n == pending.length) {
                pending = java.util.Arrays.copyOf(pending, n * 2);
            }
            pending[n++] = s;
            s = view.stackParent(s);
        }
        StackTree.Node node = base;
        for (int i = n - 1; i >= 0; i--) {
            int st = pending[i];
            int loc = view.stackLocation(st);
            int lines = view.locationLineCount(loc);
            if (lines == 0) {
                node = tree.child(node, "0x" + Long.toHexString(view.locationAddress(loc)));
            }
            // pprof lists a location's lines innermost first: the caller side comes first root-first
            for (int l = lines - 1; l >= 0; l--) {
                node = tree.child(node, view.functionName(view.locationFunction(loc, l)));
            }
            if (st >= leaves.length) {
                leaves = java.util.Arrays.copyOf(leaves, Math.max(st + 1, leaves.length * 2));
            }
            leaves[st] = node;
        }
        return node;
    }
}
