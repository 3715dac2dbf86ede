package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.common.Labels;

/**
 * One series of a block: its labels and its chunk metas (time bounds inclusive, file references),
 * in time order. Immutable (arrays are not modified after construction).
 */
public record BlockSeries(Block block, Labels labels, long[] minT, long[] maxT, long[] refs) {
    /** Whether some chunk overlaps {@code [mint, maxt]}. */
    public boolean overlaps(long mint, long maxt) {
        for (int i = 0; i < minT.length; i++) {
            if (minT[i] <= maxt && maxT[i] >= mint) {
                return true;
            }
        }
        return false;
    }
}
