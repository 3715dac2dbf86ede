package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.Labels;

/**
 * Receives what {@link LogQuerier#scan} finds: each matching stream once, in label order, then its
 * entries inside the hints' range, each once, in no particular order. Called on the scanning
 * thread only; implementations need not be thread-safe.
 */
public interface ScanSink {
    /** The next stream; its entries follow until the next call. */
    void stream(Labels labels);

    /** One entry of the current stream; {@code e} is reused after the call returns. */
    void entry(ScanEntry e);
}
