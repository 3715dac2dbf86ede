package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** The remote-write client's failures, one factory each. */
public final class RemoteWriteErrors {
    private RemoteWriteErrors() {
    }

    public static SuiteException badOption(String field, String value) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid remote_write option [field=" + field + ", value=" + value + "]");
    }

    public static SuiteException closed(String url) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "remote-write client closed [url=" + url + "]");
    }
}
