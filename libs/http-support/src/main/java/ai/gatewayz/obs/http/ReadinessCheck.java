package ai.gatewayz.obs.http;

/**
 * A condition that must hold before a service answers {@code /-/ready} with 200, e.g. "WAL replay
 * finished". Implementations must be cheap and thread-safe: probes call them often and concurrently.
 */
@FunctionalInterface
public interface ReadinessCheck {
    /** Null when ready, otherwise a short reason shown in the 503 body. */
    String notReadyReason();
}
