package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Plans and runs block compaction. Planning is level-based: ranges grow by 3× from the block
 * range (2h, 6h, 18h, …) up to a cap; blocks that overlap in time are merged first (late samples
 * cut into their own block), then the oldest aligned window of a range that holds two or more
 * smaller blocks and lies wholly before the newest block's end. Compaction merges series across
 * blocks in label order, de-duplicates equal timestamps, and re-encodes chunks (float and
 * histogram) up to {@code chunkPoints}. Stateless, thread-safe.
 */
public final class BlockCompactor {
    private BlockCompactor() {
    }

    /** Compaction ranges: {@code blockRange × 3^i} while not above {@code cap} (at least the block range). */
    public static long[] ranges(long blockRange, long cap) {
        List<Long> out = new ArrayList<>();
        for (long r = blockRange; out.isEmpty() || (r <= cap && r > 0); r *= 3) {
            out.add(r);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The blocks to compact together next, or an empty list. {@code blocks} in any order. */
    public static List<Block> plan(List<Block> blocks, long[] ranges) {
        if (blocks.size() < 2) {
            return List.of();
        }
        List<Block> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparingLong(b -> b.meta().maxTime()));
        // 1. overlapping blocks
        List<Block> group = new ArrayList<>();
        long groupMax = Long.MIN_VALUE;
        for (Block b : sorted) {
            if (!group.isEmpty() && b.meta().minTime() < groupMax) {
                group.add(b);
                groupMax = Math.max(groupMax, b.meta().maxTime());
                continue;
            }
            if (group.size() > 1) {
                return group;
            }
            group = new ArrayList<>(List.of(b));
            groupMax = b.meta().maxTime();
        }
        if (group.size() > 1) {
            return group;
        }
        // 2. level-based, smallest range first, oldest window first
        long newest = sorted.stream().mapToLong(b -> b.meta().maxTime()).max().orElseThrow();
        for (int i = 1; i < ranges.length; i++) {
            long r = ranges[i];
            List<Block> window = new ArrayList<>();
            long windowStart = Long.MIN_VALUE;
            for (Block b : sorted) {
                long start = Math.floorDiv(b.meta().minTime(), r) * r;
                boolean fits = b.meta().maxTime() <= start + r && b.meta().maxTime() - b.meta().minTime() < r;
                if (!fits) {
                    if (window.size() > 1 && windowStart + r <= newest) {
                        return window;
                    }
                    window = new ArrayList<>();
                    windowStart = Long.MIN_VALUE;
                    continue;
                }
                if (start != windowStart) {
                    if (window.size() > 1 && windowStart + r <= newest) {
                        return window;
                    }
                    window = new ArrayList<>();
                    windowStart = start;
                }
                window.add(b);
            }
            if (window.size() > 1 && windowStart + r <= newest) {
                return window;
            }
        }
        return List.of();
    }

    /** Writes one block with every sample of {@code sources}; the caller deletes the sources. */
    public static BlockMeta compact(List<Block> sources, Path blocksDir, String id, int chunkPoints) {
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        int level = 0;
        TreeSet<String> srcIds = new TreeSet<>();
        for (Block b : sources) {
            minTime = Math.min(minTime, b.meta().minTime());
            maxTime = Math.max(maxTime, b.meta().maxTime());
            level = Math.max(level, b.meta().level());
            srcIds.addAll(b.meta().sources());
        }
        int k = sources.size();
        int[] next = new int[k];
        BlockSeries[] head = new BlockSeries[k];
        for (int i = 0; i < k; i++) {
            head[i] = sources.get(i).numSeries() > 0 ? sources.get(i).series(0) : null;
        }
        BlockSeriesIterator[] iters = new BlockSeriesIterator[k];
        BlockHistogramIterator[] hiters = new BlockHistogramIterator[k];
        for (int i = 0; i < k; i++) {
            iters[i] = new BlockSeriesIterator();
            hiters[i] = new BlockHistogramIterator();
        }
        try (BlockWriter w = BlockWriter.create(blocksDir, id)) {
            ChunkRecoder rec = new ChunkRecoder(w, chunkPoints);
            HistogramChunkRecoder hrec = new HistogramChunkRecoder(w, chunkPoints);
            while (true) {
                Labels min = null;
                for (BlockSeries s : head) {
                    if (s != null && (min == null || s.labels().compareTo(min) < 0)) {
                        min = s.labels();
                    }
                }
                if (min == null) {
                    break;
                }
                List<SampleIterator> its = new ArrayList<>(k);
                List<HistogramIterator> hits = new ArrayList<>(0);
                for (int i = 0; i < k; i++) {
                    if (head[i] != null && head[i].labels().equals(min)) {
                        its.add(iters[i].reset(head[i], Long.MIN_VALUE, Long.MAX_VALUE));
                        if (head[i].hRefs().length > 0) {
                            hits.add(hiters[i].reset(head[i], Long.MIN_VALUE, Long.MAX_VALUE));
                        }
                        next[i]++;
                        head[i] = next[i] < sources.get(i).numSeries() ? sources.get(i).series(next[i]) : null;
                    }
                }
                w.startSeries(min);
                MergedSampleIterator m = new MergedSampleIterator(its.toArray(SampleIterator[]::new));
                while (m.next()) {
                    rec.add(m.t(), m.bits());
                }
                rec.flush();
                if (!hits.isEmpty()) {
                    MergedHistogramIterator hm = new MergedHistogramIterator(hits.toArray(HistogramIterator[]::new));
                    while (hm.next()) {
                        hrec.add(hm.t(), hm.h());
                    }
                    hrec.flush();
                }
            }
            return w.commit(minTime, maxTime, level + 1, List.copyOf(srcIds));
        }
    }
}
