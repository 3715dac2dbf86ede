package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.Exemplar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps every sample handed over, for assertions on exact series and values. */
final class RecordingSink implements SampleSink {
    record Sample(String tenant, Labels labels, long timestampMs, double value, Exemplar exemplar) {
    }

    final List<Sample> samples = new ArrayList<>();

    @Override
    public synchronized boolean append(String tenant, Labels labels, long timestampMs, double value) {
        samples.add(new Sample(tenant, labels, timestampMs, value, null));
        return true;
    }

    @Override
    public synchronized boolean append(String tenant, Labels labels, long timestampMs, double value, Exemplar exemplar) {
        samples.add(new Sample(tenant, labels, timestampMs, value, exemplar));
        return true;
    }

    /** Every exemplar written, as "series labels without __name__ -> trace_id value@ms", in order. */
    synchronized List<String> exemplars(String tenant, String name) {
        List<String> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.exemplar != null && s.tenant.equals(tenant) && s.labels.get(Labels.METRIC_NAME).equals(name)) {
                out.add(s.labels.toBuilder().del(Labels.METRIC_NAME).build() + " -> " + s.exemplar.labels() + " "
                        + s.exemplar.value() + "@" + s.exemplar.timestampMs());
            }
        }
        return out;
    }

    /** The newest value of each series of {@code tenant} whose metric name is {@code name}, keyed by labels without __name__. */
    synchronized Map<String, Double> latest(String tenant, String name) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : samples) {
            if (s.tenant.equals(tenant) && s.labels.get(Labels.METRIC_NAME).equals(name)) {
                out.put(s.labels.toBuilder().del(Labels.METRIC_NAME).build().toString(), s.value);
            }
        }
        return out;
    }

    synchronized void clear() {
        samples.clear();
    }
}
