package ai.gatewayz.obs.logs.patterns;

import java.time.Duration;

/**
 * Settings of the pattern miner.
 *
 * @param similarity share of equal token positions (0..1] a line needs to join a cluster
 * @param maxClustersPerStream clusters kept per stream; the least recently matched goes first
 * @param maxTokens tokens of a line that are mined; the rest of a longer line becomes one {@code <_>}
 * @param bucket resolution of the per-pattern sample counts
 * @param retention how long sample counts (and idle streams) are kept
 */
public record PatternOptions(double similarity, int maxClustersPerStream, int maxTokens, Duration bucket, Duration retention) {
    public static final PatternOptions DEFAULTS = new PatternOptions(0.5, 300, 128, Duration.ofSeconds(10), Duration.ofHours(3));

    public PatternOptions {
        if (similarity <= 0 || similarity > 1) {
            throw new IllegalArgumentException("similarity must be in (0, 1] [similarity=" + similarity + "]");
        }
        if (maxClustersPerStream < 1 || maxTokens < 2 || bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("invalid pattern options [" + maxClustersPerStream + ", " + maxTokens + ", " + bucket + "]");
        }
    }
}
