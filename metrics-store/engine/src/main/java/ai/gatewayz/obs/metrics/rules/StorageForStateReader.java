package ai.gatewayz.obs.metrics.rules;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.rules.ForStateReader;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code ALERTS_FOR_STATE} back from metrics-store's own storage. Thread-safe (the storage is). */
public final class StorageForStateReader implements ForStateReader {
    private static final long STALE_BITS = Double.doubleToRawLongBits(RuleGroup.STALE_NAN);
    private final Storage storage;

    public StorageForStateReader(Storage storage) {
        this.storage = storage;
    }

    @Override
    public Optional<VectorSample> lastSample(Labels series, long mintMs, long maxtMs) {
        List<LabelMatcher> ms = new ArrayList<>();
        series.forEach((n, v) -> ms.add(LabelMatcher.eq(n, v)));
        long lastT = Long.MIN_VALUE;
        double lastV = 0;
        try (Querier q = storage.querier(mintMs, maxtMs)) {
            SeriesSet set = q.select(false, ms);
            while (set.next()) {
                if (!set.at().labels().equals(series)) {
                    continue;
                }
                SampleIterator it = set.at().iterator(null);
                while (it.next()) {
                    if (Double.doubleToRawLongBits(it.v()) == STALE_BITS) {
                        continue;
                    }
                    lastT = it.t();
                    lastV = it.v();
                }
            }
        }
        return lastT == Long.MIN_VALUE ? Optional.empty() : Optional.of(new VectorSample(series, lastT, lastV));
    }
}
