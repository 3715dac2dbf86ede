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

    /** The queue log can neither be read nor moved aside. */
    public static SuiteException queueLogUnusable(String dir, String error) {
        return new SuiteException(ErrorKind.INTERNAL, "remote-write queue log unusable [dir=" + dir + ", error=" + error + "]");
    }
}
