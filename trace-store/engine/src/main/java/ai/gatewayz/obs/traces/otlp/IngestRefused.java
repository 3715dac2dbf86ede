package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * A whole export refused by a tenant limit that lifts by itself (TOO_MANY_REQUESTS); carries how
 * long a client should wait before retrying, for Retry-After and gRPC RetryInfo.
 */
public final class IngestRefused extends SuiteException {
    private final long retryAfterSeconds;

    IngestRefused(String message, long retryAfterSeconds) {
        super(ErrorKind.TOO_MANY_REQUESTS, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
