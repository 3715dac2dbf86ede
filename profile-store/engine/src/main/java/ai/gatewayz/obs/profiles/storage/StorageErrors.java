package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures of profile storage, one factory each. */
public final class StorageErrors {
    private StorageErrors() {
    }

    public static SuiteException walWriteFailed(String tenant, Exception cause) {
        return new SuiteException(ErrorKind.UNAVAILABLE,
                "cannot write profile to WAL [tenant=" + tenant + ", cause=" + cause.getMessage() + "]", cause);
    }

    public static SuiteException corruptBlock(String file, String detail) {
        return new SuiteException(ErrorKind.INTERNAL, "corrupt profile block [file=" + file + ", detail=" + detail + "]");
    }

    public static SuiteException invalidTimeRange(long startMs, long endMs) {
        return new SuiteException(ErrorKind.BAD_DATA,
                "end must not be before start [start=" + startMs + ", end=" + endMs + "]");
    }
}
