package ai.gatewayz.obs.metrics.server.api;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** The query API's request errors, worded as Prometheus words them. */
final class ApiErrors {
    private ApiErrors() {
    }

    static SuiteException invalidParam(String name, String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid parameter \"" + name + "\": " + detail);
    }

    static SuiteException badData(String message) {
        return new SuiteException(ErrorKind.BAD_DATA, message);
    }

    static SuiteException noMatch() {
        return badData("no match[] parameter provided");
    }

    static SuiteException invalidLabelName(String name) {
        return badData("invalid label name: \"" + name + "\"");
    }

    static SuiteException limitNotNumber() {
        return badData("limit must be a number");
    }
}
