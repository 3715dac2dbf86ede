package ai.gatewayz.obs.sim.core;

/** How one upstream call ended. */
public enum AttemptResult {
    SUCCESS(200, null),
    SERVER_ERROR(500, "APIError"),
    UNAVAILABLE(503, "ServiceUnavailableError"),
    RATE_LIMITED(429, "RateLimitError"),
    TIMEOUT(504, "APITimeoutError"),
    /** Not sent: the provider's or the model's breaker was open. */
    BREAKER_OPEN(503, "CircuitBreakerOpenError");

    private final int status;
    private final String errorType;

    AttemptResult(int status, String errorType) {
        this.status = status;
        this.errorType = errorType;
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public boolean sent() {
        return this != BREAKER_OPEN;
    }
}
