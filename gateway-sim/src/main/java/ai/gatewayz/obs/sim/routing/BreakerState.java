package ai.gatewayz.obs.sim.routing;

/** Circuit breaker states; {@link #label()} is the lower-case value used in metric labels. */
public enum BreakerState {
    CLOSED("closed"), OPEN("open"), HALF_OPEN("half_open");

    private final String label;

    BreakerState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
