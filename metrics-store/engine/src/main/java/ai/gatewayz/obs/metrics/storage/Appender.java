package ai.gatewayz.obs.metrics.storage;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Metadata;

/**
 * A batch of writes that becomes visible and durable atomically on {@link #commit()}.
 *
 * <p>Not thread-safe: one appender per writer. It must not be used after {@link #commit()} or
 * {@link #rollback()}. Commit returns only once the batch is durable (in the WAL, for on-disk
 * storage): that is the moment a sender may be acknowledged.
 */
public interface Appender {
    /**
     * Adds a float sample. {@code ref} is a series reference returned earlier by this storage (0 if
     * unknown) that lets the storage skip the label lookup. Returns the series reference.
     *
     * @throws StorageErrors.SampleRejected when this sample is refused; the rest of the batch stays
     *     valid and the caller decides whether to go on.
     */
    long append(long ref, Labels labels, long t, double v);

    /**
     * Adds a native histogram sample. A series may switch between float and histogram samples;
     * timestamps are ordered across both kinds (a float and a histogram at the same timestamp are a
     * duplicate). The default refuses: wrappers and storages that keep floats only inherit it.
     *
     * @throws StorageErrors.SampleRejected as {@link #append}, or with reason {@code UNSUPPORTED}
     */
    default long appendHistogram(long ref, Labels labels, long t, Histogram h) {
        throw StorageErrors.histogramsNotStored(labels, t);
    }

    /** Attaches an exemplar to the series. Returns the series reference. */
    long appendExemplar(long ref, Labels labels, Exemplar exemplar);

    /** Records TYPE/HELP/UNIT for the metric family of {@code labels}. */
    void updateMetadata(Labels labels, Metadata metadata);

    /** Makes the batch visible and durable. */
    void commit();

    /** Discards the batch. */
    void rollback();
}
