package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures of log storage. One factory per failure. */
public final class StorageErrors {
    private StorageErrors() {
    }

    /** The WAL could not take a push; nothing was made visible and the client should retry. */
    public static SuiteException walWriteFailed(String tenant, Throwable cause) {
        return new SuiteException(ErrorKind.UNAVAILABLE,
                "log storage could not write the WAL [tenant=" + tenant + ", cause=" + cause.getMessage() + "]", cause);
    }

    /** The storage was closed (shutting down). */
    public static SuiteException closed(String tenant) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "log storage is closed [tenant=" + tenant + "]");
    }

    /** A tenant's storage directory could not be opened. */
    public static SuiteException openFailed(String tenant, Throwable cause) {
        return new SuiteException(ErrorKind.UNAVAILABLE,
                "log storage could not be opened [tenant=" + tenant + ", cause=" + cause.getMessage() + "]", cause);
    }
}
