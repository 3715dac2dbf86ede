package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.common.Labels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running totals that turn OTLP delta points into the cumulative values PromQL's rate() expects:
 * each delta is added to the series' last total. Totals live in memory only, so after a restart a
 * series starts again from its next delta, which rate() reads as a counter reset. At most
 * {@code capacity} series are tracked; the least recently written is forgotten first (same
 * effect: a reset). Thread-safe.
 */
final class DeltaAccumulator {
    private final Map<Labels, double[]> totals;

    DeltaAccumulator(int capacity) {
        this.totals = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Labels, double[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Adds {@code delta} to the total of {@code series} and returns the new total. */
    synchronized double add(Labels series, double delta) {
        double[] t = totals.computeIfAbsent(series, k -> new double[1]);
        t[0] += delta;
        return t[0];
    }

    synchronized int size() {
        return totals.size();
    }
}
