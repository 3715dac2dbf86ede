package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TEST SUPPORT: a result writer that keeps every batch in memory, and reads ALERTS_FOR_STATE back
 * from what was written, the way a store-backed reader would (staleness markers skipped).
 */
final class RecordedResults implements ResultWriter, ForStateReader {
    private final List<VectorSample> written = new ArrayList<>();
    private int batches;

    @Override
    public synchronized void write(List<VectorSample> samples) {
        written.addAll(samples);
        batches++;
    }

    synchronized List<VectorSample> of(Labels series) {
        return written.stream().filter(s -> s.labels().equals(series)).toList();
    }

    synchronized int batches() {
        return batches;
    }

    @Override
    public synchronized Optional<VectorSample> lastSample(Labels series, long mintMs, long maxtMs) {
        VectorSample last = null;
        for (VectorSample s : written) {
            if (s.labels().equals(series) && s.timestampMs() >= mintMs && s.timestampMs() <= maxtMs
                    && Double.doubleToRawLongBits(s.value()) != Double.doubleToRawLongBits(RuleGroup.STALE_NAN)) {
                last = s;
            }
        }
        return Optional.ofNullable(last);
    }

    static boolean isStale(VectorSample s) {
        return Double.doubleToRawLongBits(s.value()) == Double.doubleToRawLongBits(RuleGroup.STALE_NAN);
    }
}
