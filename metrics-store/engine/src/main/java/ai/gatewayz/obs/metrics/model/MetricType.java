package ai.gatewayz.obs.metrics.model;

import java.util.Locale;

/** Metric family types, named as the Prometheus API's /metadata reports them. */
public enum MetricType {
    UNKNOWN, COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET;

    /** The lower-case name used on the wire ({@code "counter"}, {@code "unknown"}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
