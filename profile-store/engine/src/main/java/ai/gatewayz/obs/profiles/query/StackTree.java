package ai.gatewayz.obs.profiles.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A merged call tree with one or two value sets (two for diffs), built frame by frame and encoded
 * as flame-graph levels. Truncation to {@code maxNodes} keeps the nodes with the largest totals
 * (parents always before their children) and adds the totals of dropped children to their
 * parent's self, so totals, nesting and {@code total >= self} all still hold. Not thread-safe.
 */
public final class StackTree {
    static final class Node {
        final int name;
        final Node parent;
        final int depth;
        long total;
        long self;
        long total2;
        long self2;
        Map<Integer, Node> children;
        boolean kept = true;

        Node(int name, Node parent) {
            this.name = name;
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
        }
    }

    private final List<String> names = new ArrayList<>(List.of("total"));
    private final Map<String, Integer> nameIds = new HashMap<>(Map.of("total", 0));
    final Node root = new Node(0, null);
    private int nodes;

    /** The node for a root-first list of frames, creating missing ones. */
    public Node node(List<String> rootFirst) {
        Node n = root;
        for (String f : rootFirst) {
            n = child(n, f);
        }
        return n;
    }

    /** The child of {@code n} named {@code frame}, created if missing. */
    Node child(Node n, String frame) {
        Integer id = nameIds.get(frame);
        if (id == null) {
            id = names.size();
            names.add(frame);
            nameIds.put(frame, id);
        }
        if (n.children == null) {
            n.children = new HashMap<>();
        }
        Node c = n.children.get(id);
        if (c == null) {
            c = new Node(id, n);
            n.children.put(id, c);
            nodes++;
        }
        return c;
    }

    /** Adds a sample's value to a leaf (set 1, or set 2 for the right side of a diff). */
    public static void add(Node leaf, long value, boolean second) {
        if (second) {
            leaf.self2 += value;
            for (Node n = leaf; n != null; n = n.parent) {
                n.total2 += value;
            }
        } else {
            leaf.self += value;
            for (Node n = leaf; n != null; n = n.parent) {
                n.total += value;
            }
        }
    }

    public long total() {
        return root.total;
    }

    public long total2() {
        return root.total2;
    }

    public int nodeCount() {
        return nodes;
    }

    private void truncate(long maxNodes) {
        if (maxNodes <= 0 || nodes <= maxNodes) {
            return;
        }
        List<Node> all = new ArrayList<>(nodes);
        collect(root, all);
        all.sort(Comparator.comparingLong((Node n) -> -(n.total + n.total2)).thenComparingInt(n -> n.depth));
        for (int i = 0; i < all.size(); i++) {
            Node n = all.get(i);
            n.kept = i < maxNodes && n.parent.kept;
            if (!n.kept && n.parent.kept) {
                n.parent.self += n.total;
                n.parent.self2 += n.total2;
            }
        }
    }

    private static void collect(Node n, List<Node> out) {
        if (n.children != null) {
            for (Node c : n.children.values()) {
                out.add(c);
                collect(c, out);
            }
        }
    }

    private List<Node> orderedChildren(Node n) {
        List<Node> cs = new ArrayList<>();
        if (n.children != null) {
            for (Node c : n.children.values()) {
                if (c.kept) {
                    cs.add(c);
                }
            }
        }
        cs.sort(Comparator.comparing(c -> names.get(c.name)));
        return cs;
    }

    /** Encodes the (truncated) tree; only names still referenced are kept. */
    public FlameGraph toFlameGraph(long maxNodes) {
        if (root.total == 0) {
            return FlameGraph.EMPTY;
        }
        truncate(maxNodes);
        List<long[]> levels = new ArrayList<>();
        List<String> outNames = new ArrayList<>(List.of("total"));
        Map<Integer, Integer> remap = new HashMap<>(Map.of(0, 0));
        long maxSelf = 0;
        List<Node> level = List.of(root);
        List<Long> starts = List.of(0L);
        while (!level.isEmpty()) {
            long[] values = new long[level.size() * 4];
            long prevEnd = 0;
            List<Node> next = new ArrayList<>();
            List<Long> nextStarts = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                Node n = level.get(i);
                long start = starts.get(i);
                int name = remap.computeIfAbsent(n.name, k -> {
                    outNames.add(names.get(k));
                    return outNames.size() - 1;
                });
                values[4 * i] = start - prevEnd;
                values[4 * i + 1] = n.total;
                values[4 * i + 2] = n.self;
                values[4 * i + 3] = name;
                prevEnd = start + n.total;
                maxSelf = Math.max(maxSelf, n.self);
                long childStart = start;
                for (Node c : orderedChildren(n)) {
                    next.add(c);
                    nextStarts.add(childStart);
                    childStart += c.total;
                }
            }
            levels.add(values);
            level = next;
            starts = nextStarts;
        }
        return new FlameGraph(outNames, levels, root.total, maxSelf);
    }

    /**
     * Diff levels: 7 values per node {@code [l_offset, l_total, l_self, r_offset, r_total, r_self,
     * name]}, offsets relative per side. Returns names, levels, max self.
     */
    public Diff toDiff(long maxNodes) {
        truncate(maxNodes);
        List<long[]> levels = new ArrayList<>();
        List<String> outNames = new ArrayList<>(List.of("total"));
        Map<Integer, Integer> remap = new HashMap<>(Map.of(0, 0));
        long maxSelf = 0;
        if (root.total == 0 && root.total2 == 0) {
            return new Diff(outNames, levels, 0, 0, 0);
        }
        List<Node> level = List.of(root);
        List<long[]> starts = List.of(new long[] {0, 0});
        while (!level.isEmpty()) {
            long[] values = new long[level.size() * 7];
            long prevL = 0;
            long prevR = 0;
            List<Node> next = new ArrayList<>();
            List<long[]> nextStarts = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                Node n = level.get(i);
                long[] st = starts.get(i);
                int name = remap.computeIfAbsent(n.name, k -> {
                    outNames.add(names.get(k));
                    return outNames.size() - 1;
                });
                int o = 7 * i;
                values[o] = st[0] - prevL;
                values[o + 1] = n.total;
                values[o + 2] = n.self;
                values[o + 3] = st[1] - prevR;
                values[o + 4] = n.total2;
                values[o + 5] = n.self2;
                values[o + 6] = name;
                prevL = st[0] + n.total;
                prevR = st[1] + n.total2;
                maxSelf = Math.max(maxSelf, Math.max(n.self, n.self2));
                long cl = st[0];
                long cr = st[1];
                for (Node c : orderedChildren(n)) {
                    next.add(c);
                    nextStarts.add(new long[] {cl, cr});
                    cl += c.total;
                    cr += c.total2;
                }
            }
            levels.add(values);
            level = next;
            starts = nextStarts;
        }
        return new Diff(outNames, levels, maxSelf, root.total, root.total2);
    }

    /** The name of a name id. */
    String name(int id) {
        return names.get(id);
    }

    /**
     * Per name id {@code [self, total, self2, total2]} over the untruncated tree (null for ids no
     * node uses). A node adds to its name's total only when no ancestor has the same name, so a
     * recursive function's samples count once.
     */
    long[][] functionStats() {
        long[][] out = new long[names.size()][];
        int[] onPath = new int[names.size()];
        // Iterative walk: stacks can be thousands of frames deep.
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Boolean> leaving = new java.util.ArrayDeque<>();
        todo.push(root);
        leaving.push(false);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            boolean exit = leaving.pop();
            if (n == root) {
                if (!exit && n.children != null) {
                    for (Node c : n.children.values()) {
                        todo.push(c);
                        leaving.push(false);
                    }
                }
                continue;
            }
            if (exit) {
                onPath[n.name]--;
                continue;
            }
            long[] s = out[n.name];
            if (s == null) {
                s = new long[4];
                out[n.name] = s;
            }
            s[0] += n.self;
            s[2] += n.self2;
            if (onPath[n.name] == 0) {
                s[1] += n.total;
                s[3] += n.total2;
            }
            onPath[n.name]++;
            todo.push(n);
            leaving.push(true);
            if (n.children != null) {
                for (Node c : n.children.values()) {
                    todo.push(c);
                    leaving.push(false);
                }
            }
        }
        return out;
    }

    /** A two-sided flame graph. */
    public record Diff(List<String> names, List<long[]> levels, long maxSelf, long leftTicks, long rightTicks) {
    }
}
