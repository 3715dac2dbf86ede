package ai.gatewayz.obs.monitoring.slo;

import java.util.List;

/**
 * One SLO definition file (deploy/slo/slos.yml) as read: the budget period, the burn-rate alert
 * tiers shared by every SLO, and the SLOs. Immutable.
 *
 * @param periodMs   the period the error budget is spent over
 * @param tiers      burn-rate alert tiers, in file order
 * @param objectives the SLOs, in file order
 */
public record SloDefinition(long periodMs, List<BurnRateTier> tiers, List<Objective> objectives) {
    public SloDefinition {
        tiers = List.copyOf(tiers);
        objectives = List.copyOf(objectives);
    }

    /**
     * One multi-window burn-rate alert tier.
     *
     * @param severity the alert's severity label
     * @param longMs   the long window
     * @param shortMs  the short window (resets the alert soon after the burn stops)
     * @param burnRate how many times faster than the period allows the budget is spent
     * @param forMs    the alert's {@code for}
     */
    public record BurnRateTier(String severity, long longMs, long shortMs, double burnRate, long forMs) {
    }

    /**
     * One SLO. Exactly one of {@code bad} and {@code good} is set: the selector of the counter of
     * bad events (availability) or of good events (latency, a histogram bucket).
     *
     * @param name        snake_case name used in rule names ({@code slo_<name>_...})
     * @param description what a good event is, for annotations
     * @param objective   share of good events, in (0, 1)
     * @param bad         selector of bad events, or null
     * @param good        selector of good events, or null
     * @param total       selector of all events
     * @param levels      the aggregation levels to generate rules for
     */
    public record Objective(String name, String description, double objective, String bad, String good, String total,
                            List<Level> levels) {
        public Objective {
            levels = List.copyOf(levels);
        }

        /** The error budget as a ratio of events. */
        public double budget() {
            return 1 - objective;
        }
    }

    /**
     * One aggregation level.
     *
     * @param by      labels kept (e.g. provider, or provider and model)
     * @param minRate   events per second over the long window below which nothing fires
     * @param dashboard uid of the Grafana dashboard the alert links to (with a variable per label)
     */
    public record Level(List<String> by, double minRate, String dashboard) {
        public Level {
            by = List.copyOf(by);
        }

        /** The level prefix of recorded names: the labels joined by underscores. */
        public String prefix() {
            return String.join("_", by);
        }
    }
}
