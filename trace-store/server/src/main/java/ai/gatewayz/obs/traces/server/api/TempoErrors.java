package ai.gatewayz.obs.traces.server.api;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Request errors of the Tempo query API, one factory each. */
final class TempoErrors {
    private TempoErrors() {
    }

    static SuiteException invalidTraceId(String id) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid trace id [traceID=" + id + "]");
    }

    static SuiteException traceNotFound(String id) {
        return new SuiteException(ErrorKind.NOT_FOUND, "trace not found [traceID=" + id + "]");
    }

    static SuiteException badParam(String name, String value, String why) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid " + name + " [" + name + "=" + value + ", reason=" + why + "]");
    }
}
