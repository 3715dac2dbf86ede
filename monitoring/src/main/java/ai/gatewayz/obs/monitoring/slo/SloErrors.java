package ai.gatewayz.obs.monitoring.slo;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** The ways an SLO definition file can be wrong, one factory each. */
final class SloErrors {
    private SloErrors() {
    }

    static SuiteException missingField(String where, String field) {
        return new SuiteException(ErrorKind.BAD_DATA, "missing field [where=" + where + ", field=" + field + "]");
    }

    static SuiteException unknownField(String where, String field) {
        return new SuiteException(ErrorKind.BAD_DATA, "unknown field [where=" + where + ", field=" + field + "]");
    }

    static SuiteException badValue(String where, String field, Object value) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid value [where=" + where + ", field=" + field + ", value=" + value + "]");
    }

    static SuiteException goodXorBad(String slo) {
        return new SuiteException(ErrorKind.BAD_DATA, "exactly one of good and bad must be set [slo=" + slo + "]");
    }

    static SuiteException notAMapping(String where) {
        return new SuiteException(ErrorKind.BAD_DATA, "expected a mapping [where=" + where + "]");
    }
}
