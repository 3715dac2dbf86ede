package ai.gatewayz.obs.logs.storage.read;

import ai.gatewayz.obs.common.Labels;
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

    /** Entries and raw bytes (lines and metadata) of the part, for index statistics. */
    long entries();

    long bytes();

    /** Chunks the part consists of (1 for a head stream). */
    int chunks();
}
