package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.Exemplar;

/**
 * Where collected generator samples go: one call per sample, into the tenant the spans came from.
 *
 * <p>Called from the generator's collection thread while a tenant's lock is held: implementations
 * must not block (queue and return) and must be thread-safe when several tenants collect at once.
 * The labels are immutable and may be kept.
 */
public interface SampleSink {
    /** Queues one sample; false when it was dropped (the implementation counts it). */
    boolean append(String tenant, Labels labels, long timestampMs, double value);

    /** As {@link #append}, with an exemplar for the sample; a sink that keeps no exemplars drops it. */
    default boolean append(String tenant, Labels labels, long timestampMs, double value, Exemplar exemplar) {
        return append(tenant, labels, timestampMs, value);
    }
}
