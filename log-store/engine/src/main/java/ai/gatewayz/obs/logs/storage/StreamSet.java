package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.Labels;

/**
 * The streams a selection found, each once, sorted by labels. Not thread-safe; owned by the
 * caller, valid while its {@link LogQuerier} is open.
 */
public interface StreamSet {
    /** Advances to the next stream; false when there is none. */
    boolean next();

    /** Index labels of the current stream. */
    Labels labels();

    /** A fresh iterator over the current stream's entries within the selection's hints. */
    EntryIterator entries();
}
