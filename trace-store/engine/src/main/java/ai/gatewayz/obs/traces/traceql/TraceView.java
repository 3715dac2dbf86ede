package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace prepared for evaluation: parent/child indexes, the root, trace duration and the
 * nested-set numbering (left/right in depth-first order from 1; a root's parent is -1), computed
 * over the spans present now, so late spans renumber the trace. Immutable once built.
 */
final class TraceView {
    final List<Span> spans;
    final int[] parent;
    final int[][] children;
    final int[] left;
    final int[] right;
    final int root;
    final long start;
    final long end;

    TraceView(List<Span> spans) {
        this.spans = spans;
        int n = spans.size();
        Map<Long, Integer> byId = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            byId.putIfAbsent(spans.get(i).spanId(), i);
        }
        parent = new int[n];
        List<List<Integer>> kids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            kids.add(new ArrayList<>(2));
        }
        long s = Long.MAX_VALUE;
        long e = Long.MIN_VALUE;
        int r = -1;
        for (int i = 0; i < n; i++) {
            Span sp = spans.get(i);
            Integer p = sp.parentSpanId() == 0 ? null : byId.get(sp.parentSpanId());
            parent[i] = p == null || p == i ? -1 : p;
            if (parent[i] >= 0) {
                kids.get(parent[i]).add(i);
            } else if (sp.isRoot() && (r < 0 || sp.startNanos() < spans.get(r).startNanos())) {
                r = i;
            }
            s = Math.min(s, sp.startNanos());
            e = Math.max(e, sp.endNanos());
        }
        root = r;
        start = s;
        end = e;
        children = new int[n][];
        for (int i = 0; i < n; i++) {
            children[i] = kids.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        left = new int[n];
        right = new int[n];
        int[] counter = {1};
        for (int i = 0; i < n; i++) {
            if (parent[i] < 0) {
                number(i, counter);
            }
        }
    }

    private void number(int i, int[] counter) {
        // iterative DFS: deep traces must not overflow the stack
        int[] stack = new int[spans.size() * 2 + 2];
        int[] next = new int[spans.size()];
        int sp = 0;
        stack[sp++] = i;
        left[i] = counter[0]++;
        while (sp > 0) {
            int top = stack[sp - 1];
            if (next[top] < children[top].length) {
                int c = children[top][next[top]++];
                left[c] = counter[0]++;
                stack[sp++] = c;
            } else {
                right[top] = counter[0]++;
                sp--;
            }
        }
    }

    int nestedSetParent(int i) {
        return parent[i] < 0 ? -1 : left[parent[i]];
    }

    Span rootSpan() {
        return root >= 0 ? spans.get(root) : null;
    }

    boolean isAncestor(int a, int b) {
        for (int p = parent[b]; p >= 0; p = parent[p]) {
            if (p == a) {
                return true;
            }
        }
        return false;
    }
}
