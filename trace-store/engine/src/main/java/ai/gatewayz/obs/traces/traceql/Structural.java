package ai.gatewayz.obs.traces.traceql;

import java.util.BitSet;

/**
 * Structural spanset operators. The plain forms return the right-hand spans in the relation to
 * some left-hand span ({@code >} child, {@code <} parent, {@code >>} descendant, {@code <<}
 * ancestor, {@code ~} sibling); {@code !} forms return right-hand spans in no such relation;
 * {@code &} forms return the matching spans of both sides.
 */
final class Structural {
    private Structural() {
    }

    static BitSet apply(String op, BitSet l, BitSet r, TraceView t) {
        boolean union = op.startsWith("&");
        boolean negated = op.startsWith("!");
        String rel = union || negated ? op.substring(1) : op;
        BitSet out = new BitSet();
        BitSet matchedLeft = new BitSet();
        for (int b = r.nextSetBit(0); b >= 0; b = r.nextSetBit(b + 1)) {
            boolean related = false;
            for (int a = l.nextSetBit(0); a >= 0; a = l.nextSetBit(a + 1)) {
                if (related(rel, a, b, t)) {
                    related = true;
                    matchedLeft.set(a);
                    if (!union) {
                        break;
                    }
                }
            }
            if (related != negated) {
                out.set(b);
            }
        }
        if (union && !out.isEmpty()) {
            out.or(matchedLeft);
        }
        return out;
    }

    private static boolean related(String rel, int a, int b, TraceView t) {
        return switch (rel) {
            case ">" -> t.parent[b] == a;
            case "<" -> t.parent[a] == b;
            case ">>" -> t.isAncestor(a, b);
            case "<<" -> t.isAncestor(b, a);
            default -> a != b && t.parent[a] == t.parent[b] && t.parent[a] >= 0; // "~"
        };
    }
}
