package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.List;

/**
 * Reads one tenant's committed logs. Sees a consistent snapshot as of its creation or later, never
 * uncommitted entries. Must be closed; not thread-safe: one querier per query.
 */
public interface LogQuerier extends AutoCloseable {
    /**
     * Streams whose labels satisfy every matcher and which have at least one entry inside the
     * hints' range, with their entries restricted to that range and ordered by the hints' direction.
     */
    StreamSet select(List<LabelMatcher> matchers, SelectHints hints);

    /**
     * Hands every entry of the streams {@link #select} would return to {@code sink} as bytes, without
     * ordering entries inside a stream. Storages override this to decode chunks into reused buffers
     * instead of building a String per line; the default goes through {@link #select}.
     */
    default void scan(List<LabelMatcher> matchers, SelectHints hints, ScanSink sink) {
        StreamSet set = select(matchers, hints);
        ScanEntry e = new ScanEntry();
        while (set.next()) {
            sink.stream(set.labels());
            EntryIterator it = set.entries();
            while (it.next()) {
                e.setString(it.timestampNanos(), it.line(), it.metadata());
                sink.entry(e);
            }
        }
    }

    /**
     * As {@link #scan(List, SelectHints, ScanSink)}, on up to {@code threads} threads at once: each
     * thread takes a sink of its own from {@code sinks} (called on that thread) and is given whole
     * parts of streams, each preceded by {@link ScanSink#stream}; a stream may so reach several sinks,
     * whose results the caller merges. Returns when every part is scanned, rethrowing the first
     * failure. The default scans on the calling thread into one sink.
     */
    default void scan(List<LabelMatcher> matchers, SelectHints hints, int threads, java.util.function.Supplier<ScanSink> sinks) {
        scan(matchers, hints, sinks.get());
    }

    /** Sorted distinct label names of streams with entries in [start, end) matching the matchers (all when empty). */
    List<String> labelNames(List<LabelMatcher> matchers, long startNanos, long endNanos);

    /** Sorted distinct values of {@code name} over streams with entries in [start, end) matching the matchers. */
    List<String> labelValues(String name, List<LabelMatcher> matchers, long startNanos, long endNanos);

    /** Label sets of the streams with entries in [start, end) matching the matchers, sorted. */
    List<Labels> series(List<LabelMatcher> matchers, long startNanos, long endNanos);

    /**
     * Size of the streams matching the matchers with entries in [start, end), for {@code /index/stats}.
     * The default walks the entries; storages answer from chunk metadata instead (approximate to chunk
     * boundaries, as Loki's statistics are).
     */
    default IndexStats stats(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        StreamSet set = select(matchers, SelectHints.range(startNanos, endNanos, Direction.FORWARD));
        long streams = 0;
        long entries = 0;
        long bytes = 0;
        while (set.next()) {
            streams++;
            EntryIterator it = set.entries();
            while (it.next()) {
                entries++;
                bytes += it.line().length();
            }
        }
        return new IndexStats(streams, streams, bytes, entries);
    }

    @Override
    void close();
}
