package ai.gatewayz.obs.traces.disk;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which traces of a tenant's blocks also have spans in another block (found by merging the
 * blocks' sorted trace-id indexes), so a scan assembles those whole and decodes the rest page by
 * page without asking every other block about every trace. Computed once per set of blocks and
 * kept until the set changes (a cut or a compaction). Immutable; the cache map is concurrent.
 */
final class SharedTraces {
    private final List<Block> blocks;
    private final BitSet[] shared;

    private SharedTraces(List<Block> blocks, BitSet[] shared) {
        this.blocks = blocks;
        this.shared = shared;
    }

    /** Per block of {@code bs} (same order), the index positions of traces that other blocks also hold. */
    static BitSet[] of(List<Block> bs, Map<String, SharedTraces> cache, String tenant) {
        SharedTraces c = cache.get(tenant);
        if (c != null && sameBlocks(c.blocks, bs)) {
            return c.shared;
        }
        SharedTraces fresh = new SharedTraces(List.copyOf(bs), compute(bs));
        cache.put(tenant, fresh);
        return fresh.shared;
    }

    private static boolean sameBlocks(List<Block> a, List<Block> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static int compare(Block a, int i, Block b, int j) {
        int c = Long.compareUnsigned(a.hi(i), b.hi(j));
        return c != 0 ? c : Long.compareUnsigned(a.lo(i), b.lo(j));
    }

    static BitSet[] compute(List<Block> bs) {
        BitSet[] out = new BitSet[bs.size()];
        int[] pos = new int[bs.size()];
        PriorityQueue<Integer> heap = new PriorityQueue<>((x, y) -> compare(bs.get(x), pos[x], bs.get(y), pos[y]));
        for (int b = 0; b < bs.size(); b++) {
            out[b] = new BitSet();
            if (bs.get(b).traceCount() > 0) {
                heap.add(b);
            }
        }
        int prev = -1;
        int prevPos = -1;
        boolean prevMarked = false;
        while (!heap.isEmpty()) {
            int b = heap.poll();
            int i = pos[b];
            if (prev >= 0 && compare(bs.get(prev), prevPos, bs.get(b), i) == 0) {
                out[b].set(i);
                if (!prevMarked) {
                    out[prev].set(prevPos);
                }
                prevMarked = true;
            } else {
                prevMarked = false;
            }
            prev = b;
            prevPos = i;
            pos[b]++;
            if (pos[b] < bs.get(b).traceCount()) {
                heap.add(b);
            }
        }
        return out;
    }
}
