package ai.gatewayz.obs.metrics.rules;

import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.rules.ResultWriter;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.List;

/**
 * Writes rule results into metrics-store's own storage through one appender per call, so the next
 * rule of the group sees them. Out-of-order and duplicate samples are skipped as Prometheus does;
 * any other failure rolls the batch back and fails the rule. Thread-safe (the storage is).
 */
public final class StorageResultWriter implements ResultWriter {
    private final Storage storage;

    public StorageResultWriter(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void write(List<VectorSample> samples) {
        Appender app = storage.appender();
        try {
            for (VectorSample s : samples) {
                try {
                    app.append(0, s.labels(), s.timestampMs(), s.value());
                } catch (StorageErrors.SampleRejected e) {
                    // out of order, duplicate or already superseded: Prometheus counts and continues
                }
            }
            app.commit();
        } catch (RuntimeException e) {
            app.rollback();
            throw e;
        }
    }
}
