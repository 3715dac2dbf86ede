package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.common.Labels;

/**
 * One series of a block: its labels, its float chunk metas and its histogram chunk metas (time
 * bounds inclusive, file references), each in time order. Immutable (arrays are not modified after
 * construction).
 */
public record BlockSeries(Block block, Labels labels, long[] minT, long[] maxT, long[] refs, long[] hMinT, long[] hMaxT,
        long[] hRefs) {
    private static final long[] NONE = {};

    /** A series with float chunks only. */
    public BlockSeries(Block block, Labels labels, long[] minT, long[] maxT, long[] refs) {
        this(block, labels, minT, maxT, refs, NONE, NONE, NONE);
    }

    /** Whether some chunk (float or histogram) overlaps {@code [mint, maxt]}. */
    public boolean overlaps(long mint, long maxt) {
        return overlaps(minT, maxT, mint, maxt) || overlaps(hMinT, hMaxT, mint, maxt);
    }

    /** Whether some histogram chunk overlaps {@code [mint, maxt]}. */
    public boolean histogramsOverlap(long mint, long maxt) {
        return overlaps(hMinT, hMaxT, mint, maxt);
    }

    private static boolean overlaps(long[] lo, long[] hi, long mint, long maxt) {
        for (int i = 0; i < lo.length; i++) {
            if (lo[i] <= maxt && hi[i] >= mint) {
                return true;
            }
        }
        return false;
    }
}
