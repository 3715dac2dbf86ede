package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Failures of trace storage, one factory each. */
public final class StorageErrors {
    private StorageErrors() {
    }

    public static SuiteException corruptBlock(String file, String why) {
        return new SuiteException(ErrorKind.INTERNAL, "corrupt trace block [file=" + file + ", reason=" + why + "]");
    }

    public static SuiteException closed() {
        return new SuiteException(ErrorKind.UNAVAILABLE, "trace storage is closed");
    }

    public static SuiteException walFailed(Throwable cause) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "trace WAL write failed [error=" + cause.getMessage() + "]", cause);
    }
}
