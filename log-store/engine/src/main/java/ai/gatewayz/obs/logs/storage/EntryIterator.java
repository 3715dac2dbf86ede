package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.Labels;

/**
 * Walks the entries of one stream in the direction asked for. The accessors describe the current
 * entry and are valid until the next call to {@link #next()}. Not thread-safe; owned by the caller
 * that obtained it, and valid only while its {@link LogQuerier} is open.
 */
public interface EntryIterator {
    /** Advances to the next entry; false when there is none. */
    boolean next();

    long timestampNanos();

    String line();

    /** Structured metadata of the current entry ({@link Labels#EMPTY} when none). */
    Labels metadata();
}
