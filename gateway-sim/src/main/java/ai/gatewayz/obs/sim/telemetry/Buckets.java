package ai.gatewayz.obs.sim.telemetry;

/** Histogram upper bounds from the telemetry contract (section 2.1); {@code +Inf} is implied. */
final class Buckets {
    private Buckets() {
    }

    static final double[] HTTP_SECONDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    static final double[] SIZE_BYTES = {100, 1000, 10000, 100000, 1000000};
    static final double[] INFERENCE_SECONDS = {0.1, 0.5, 1, 2.5, 5, 10, 25, 60};
    static final double[] TTFB_SECONDS = {0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 5.0, 10.0};
    static final double[] TTFC_SECONDS = {0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0};
    static final double[] FRONTEND_SECONDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5};
    static final double[] STAGE_SECONDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0};
    static final double[] PROVIDER_RESPONSE_SECONDS = {0.1, 0.5, 1, 2.5, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 90, 120};
    static final double[] PROVIDER_RESPONSE_TIME_SECONDS = {0.1, 0.5, 1, 2.5, 5, 10};
    static final double[] CREDIT_LATENCY_SECONDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
    static final double[] COST_PER_REQUEST_USD = {1e-05, 0.0001, 0.001, 0.01, 0.1, 1.0, 10.0, 100.0};
    static final double[] COST_PER_1K_USD = {0.0001, 0.001, 0.01, 0.1, 1.0, 10.0};
    static final double[] VELOCITY_SECONDS = {10, 30, 60, 120, 180, 300, 600};
    static final double[] ROUTER_SECONDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2};
}
