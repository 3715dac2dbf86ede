package ai.gatewayz.obs.logs.storage;

import java.util.List;

/**
 * What a query promises about the entries it will keep, so storage can skip data it need not read.
 * Hints only narrow: storage may ignore them and return more, never less.
 *
 * @param startNanos inclusive start of the range
 * @param endNanos exclusive end of the range
 * @param direction order of entries inside each stream
 * @param requiredLiterals case-sensitive substrings every kept line contains (from top-level
 *     {@code |= "x"} filters that precede any parser or formatter); a chunk or block whose filter
 *     proves a literal absent may be skipped
 * @param foldedLiterals ASCII lower-case literals every kept line contains ignoring ASCII case (from
 *     top-level {@code |~ "(?i)literal"} filters); the same use, with every case variant tried
 */
public record SelectHints(long startNanos, long endNanos, Direction direction, List<String> requiredLiterals,
        List<String> foldedLiterals) {
    public SelectHints {
        requiredLiterals = List.copyOf(requiredLiterals);
        foldedLiterals = List.copyOf(foldedLiterals);
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("end before start [start=" + startNanos + ", end=" + endNanos + "]");
        }
    }

    public SelectHints(long startNanos, long endNanos, Direction direction, List<String> requiredLiterals) {
        this(startNanos, endNanos, direction, requiredLiterals, List.of());
    }

    public static SelectHints range(long startNanos, long endNanos, Direction direction) {
        return new SelectHints(startNanos, endNanos, direction, List.of());
    }
}
