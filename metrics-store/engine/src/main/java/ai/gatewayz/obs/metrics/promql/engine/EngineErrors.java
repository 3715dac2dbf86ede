package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Evaluation failures, with Prometheus's messages and error types. */
public final class EngineErrors {
    private EngineErrors() {
    }

    public static SuiteException timeout() {
        return new SuiteException(ErrorKind.TIMEOUT, "query timed out in expression evaluation");
    }

    public static SuiteException tooManySamples() {
        return new SuiteException(ErrorKind.EXECUTION,
                "query processing would load too many samples into memory in query execution");
    }

    public static SuiteException tooManySeries(int limit) {
        return new SuiteException(ErrorKind.EXECUTION,
                "query would return too many series [limit=" + limit + "]");
    }

    public static SuiteException execution(String message) {
        return new SuiteException(ErrorKind.EXECUTION, message);
    }

    public static SuiteException badData(String message) {
        return new SuiteException(ErrorKind.BAD_DATA, message);
    }

    public static SuiteException duplicateLabelset() {
        return execution("vector cannot contain metrics with the same labelset");
    }
}
