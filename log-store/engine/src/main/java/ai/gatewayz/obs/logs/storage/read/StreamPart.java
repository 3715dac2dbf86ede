package ai.gatewayz.obs.logs.storage.read;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.ScanEntry;
import ai.gatewayz.obs.logs.storage.ScanSink;
import java.util.List;

/**
 * The entries of one stream held by one part of storage (the head, a block being flushed, one
 * block). Parts of the same stream are merged by {@link MergedStreamSet}. Implementations are
 * thread-safe for reads; the owning snapshot keeps the part alive.
 */
public interface StreamPart {
    Labels labels();

    /** Smallest and largest timestamp (inclusive) of the part, for time pruning. */
    long minTime();

    long maxTime();

    /** Adds to {@code out} the entries in [start, end) whose lines contain every literal; may skip data a filter proves irrelevant. */
    void collect(long start, long end, List<String> literals, EntryBuffer out);

    /**
     * As {@link #collect(long, long, List, EntryBuffer)}, and the lines also contain every one of
     * {@code folded} ignoring ASCII case; a part may use both only to skip data (hints narrow, never widen).
     */
    default void collect(long start, long end, List<String> literals, List<String> folded, EntryBuffer out) {
        collect(start, end, literals, out);
    }

    /**
     * Hands the part's entries in [start, end) to the sink, each once, in no particular order. Parts
     * that keep lines compressed override this to decode into reused buffers; the default collects.
     */
    default void scan(long start, long end, List<String> literals, List<String> folded, ScanEntry e, ScanSink sink) {
        EntryBuffer b = new EntryBuffer();
        collect(start, end, literals, folded, b);
        b.sortAndDedupe();
        b.feed(e, sink);
    }

    /** Entries and raw bytes (lines and metadata) of the part, for index statistics. */
    long entries();

    long bytes();

    /** Chunks the part consists of (1 for a head stream). */
    int chunks();
}
