package ai.gatewayz.obs.metrics.model;

/** TYPE, HELP and UNIT of a metric family. Immutable. */
public record Metadata(MetricType type, String help, String unit) {
    public Metadata {
        type = type == null ? MetricType.UNKNOWN : type;
        help = help == null ? "" : help;
        unit = unit == null ? "" : unit;
    }
}
