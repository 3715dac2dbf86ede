package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.rules.ResultWriter;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.List;

/**
 * Rule results of one tenant remote-written to every configured client (Loki's
 * {@code ruler.remote_write.clients}): recorded series, {@code ALERTS}/{@code ALERTS_FOR_STATE} and
 * staleness markers (their raw NaN bits are kept). Never blocks: a client whose queue is full drops
 * the sample and counts it ({@code prometheus_remote_storage_samples_dropped_total}). Thread-safe;
 * the clients are owned by the caller.
 */
public final class RemoteWriteResults implements ResultWriter {
    private final List<RemoteWriteClient> clients;

    public RemoteWriteResults(List<RemoteWriteClient> clients) {
        this.clients = List.copyOf(clients);
    }

    @Override
    public void write(List<VectorSample> samples) {
        int n = samples.size();
        Labels[] labels = new Labels[n];
        long[] t = new long[n];
        long[] bits = new long[n];
        for (int i = 0; i < n; i++) {
            VectorSample s = samples.get(i);
            labels[i] = s.labels();
            t[i] = s.timestampMs();
            bits[i] = Double.doubleToRawLongBits(s.value());
        }
        for (RemoteWriteClient c : clients) {
            // one batch: with a queue log, one record per rule result
            c.appendAll(labels, t, bits, n);
        }
    }
}
