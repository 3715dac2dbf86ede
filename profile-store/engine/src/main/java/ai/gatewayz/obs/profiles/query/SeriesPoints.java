package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.Labels;

/** One time series of {@code SelectSeries}: group labels and points (ms timestamps, values). Immutable by convention. */
public record SeriesPoints(Labels labels, long[] timestampsMs, double[] values) {
    public double sum() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
