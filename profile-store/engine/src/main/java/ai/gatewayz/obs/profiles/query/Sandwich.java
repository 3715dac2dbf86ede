package ai.gatewayz.obs.profiles.query;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandwich view of one function (Profiles Drilldown's {@code PROFILE_FORMAT_SANDWICH},
 * drilldown-apps.md §3): its callers as an inverted tree (the function, then who called it, up to
 * the root) and its callees as a tree (the function, then what it called). Both halves are built
 * from every occurrence of the function on a stack, so a recursive function appears at several
 * depths and its samples count more than once there; {@link #total} counts each sample once
 * (it equals the function table's total) and {@link #self} is the value of samples whose leaf is
 * the function. In each half a node's self is the value of paths that end there (callers: the
 * root frame was reached; callees: the leaf). Each half keeps at most {@code maxNodes} nodes, the
 * largest totals first; the children a kept node loses are summed into one {@code "other"} child
 * marked truncated, so totals still add up. A function no sample has gives zero-valued roots.
 * Immutable.
 *
 * @param names the name table the nodes index; {@code names[0]} is the function
 */
public record Sandwich(List<String> names, Node callers, Node callees, long total, long self) {
    public static final String OTHER = "other";

    /** One node: name index, total, self, whether it stands for dropped children, children by name. */
    public record Node(int nameIndex, long total, long self, boolean truncated, List<Node> children) {
    }

    /** Builds the sandwich of {@code function} from a merged, untruncated tree. */
    static Sandwich of(StackTree tree, String function, long maxNodes) {
        Builder callers = new Builder();
        Builder callees = new Builder();
        long[] once = new long[2];
        List<String> path = new ArrayList<>();
        // iterative walk: stacks can be thousands of frames deep
        ArrayDeque<StackTree.Node> todo = new ArrayDeque<>();
        ArrayDeque<Boolean> leaving = new ArrayDeque<>();
        pushChildren(tree.root, todo, leaving);
        while (!todo.isEmpty()) {
            StackTree.Node n = todo.pop();
            if (leaving.pop()) {
                path.removeLast();
                continue;
            }
            path.add(tree.name(n.name));
            if (n.self != 0) {
                addStack(path, n.self, function, callers, callees, once);
            }
            todo.push(n);
            leaving.push(true);
            pushChildren(n, todo, leaving);
        }
        Names names = new Names(function);
        return new Sandwich(names.list, callers.root.encode(names, maxNodes), callees.root.encode(names, maxNodes), once[0], once[1]);
    }

    private static void pushChildren(StackTree.Node n, ArrayDeque<StackTree.Node> todo, ArrayDeque<Boolean> leaving) {
        if (n.children != null) {
            for (StackTree.Node c : n.children.values()) {
                todo.push(c);
                leaving.push(false);
            }
        }
    }

    /** One root-first stack with its value: every occurrence of the function adds a path to both halves. */
    private static void addStack(List<String> frames, long value, String function, Builder callers, Builder callees, long[] once) {
        boolean seen = false;
        for (int i = 0; i < frames.size(); i++) {
            if (!frames.get(i).equals(function)) {
                continue;
            }
            seen = true;
            MutableNode up = callers.root;
            up.total += value;
            for (int j = i - 1; j >= 0; j--) {
                up = up.child(frames.get(j));
                up.total += value;
            }
            up.self += value;
            MutableNode down = callees.root;
            down.total += value;
            for (int j = i + 1; j < frames.size(); j++) {
                down = down.child(frames.get(j));
                down.total += value;
            }
            down.self += value;
        }
        if (seen) {
            once[0] += value;
            if (frames.getLast().equals(function)) {
                once[1] += value;
            }
        }
    }

    private static final class Names {
        final List<String> list = new ArrayList<>();
        final Map<String, Integer> ids = new HashMap<>();

        Names(String function) {
            id(function);
        }

        int id(String name) {
            return ids.computeIfAbsent(name, k -> {
                list.add(k);
                return list.size() - 1;
            });
        }
    }

    private static final class Builder {
        final MutableNode root = new MutableNode(null, null);
    }

    private static final class MutableNode {
        final String name;
        final MutableNode parent;
        final int depth;
        long total;
        long self;
        Map<String, MutableNode> children;
        boolean kept;

        MutableNode(String name, MutableNode parent) {
            this.name = name;
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }

        MutableNode child(String n) {
            if (children == null) {
                children = new HashMap<>();
            }
            return children.computeIfAbsent(n, k -> new MutableNode(k, this));
        }

        /** Keeps the {@code maxNodes} largest nodes (parents first), then encodes; the root is always kept. */
        Node encode(Names names, long maxNodes) {
            List<MutableNode> all = new ArrayList<>();
            ArrayDeque<MutableNode> todo = new ArrayDeque<>();
            todo.push(this);
            while (!todo.isEmpty()) {
                MutableNode n = todo.pop();
                if (n.children != null) {
                    for (MutableNode c : n.children.values()) {
                        all.add(c);
                        todo.push(c);
                    }
                }
            }
            all.sort(Comparator.comparingLong((MutableNode n) -> -n.total).thenComparingInt(n -> n.depth).thenComparing(n -> n.name));
            kept = true;
            int budget = maxNodes <= 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, Math.max(0, maxNodes - 1));
            int used = 0;
            for (MutableNode n : all) {
                n.kept = n.parent.kept && used < budget;
                if (n.kept) {
                    used++;
                }
            }
            return encodeKept(names, name == null ? 0 : names.id(name));
        }

        private Node encodeKept(Names names, int nameIndex) {
            List<Node> out = new ArrayList<>();
            long dropped = 0;
            if (children != null) {
                List<MutableNode> cs = new ArrayList<>(children.values());
                cs.sort(Comparator.comparing(c -> c.name));
                for (MutableNode c : cs) {
                    if (c.kept) {
                        out.add(c.encodeKept(names, names.id(c.name)));
                    } else {
                        dropped += c.total;
                    }
                }
            }
            if (dropped > 0) {
                out.add(new Node(names.id(OTHER), dropped, dropped, true, List.of()));
            }
            return new Node(nameIndex, total, self, false, out);
        }
    }
}
