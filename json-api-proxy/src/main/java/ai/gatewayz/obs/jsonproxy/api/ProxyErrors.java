package ai.gatewayz.obs.jsonproxy.api;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import java.util.Collection;

/** The proxy's client errors, one factory per failure; answered as the suite's JSON envelope with 400. */
final class ProxyErrors {
    private ProxyErrors() {
    }

    /** A time parameter (query string or body) that is neither Unix milliseconds nor RFC 3339. */
    static SuiteException invalidTime(String name, String value) {
        return CommonErrors.invalidParameter(name, value, "cannot parse %s to a valid timestamp; expected Unix milliseconds or RFC 3339");
    }

    /** {@code from} later than {@code to}. */
    static SuiteException reversedRange(String from, String to) {
        return new SuiteException(ErrorKind.BAD_DATA, "from is after to [from=" + from + ", to=" + to + "]");
    }

    /** A breaker state filter that is not one of the states. */
    static SuiteException invalidState(String value, Collection<String> states) {
        return CommonErrors.invalidParameter("state", value, "%s is not a circuit breaker state; one of " + String.join(", ", states));
    }

    /** A provider filter that cannot be a provider name. */
    static SuiteException invalidProvider(String value) {
        return CommonErrors.invalidParameter("provider", value, "%s is not a provider name (letters, digits, '.', '_' and '-', at most 64)");
    }

    /** A SimpleJSON target the proxy does not serve. */
    static SuiteException unknownTarget(String target, Collection<String> known) {
        return new SuiteException(ErrorKind.BAD_DATA, "unknown target [target=" + target + "]; known: " + String.join(", ", known));
    }

    /** {@code targets} of a SimpleJSON query is not an array. */
    static SuiteException targetsNotArray(String targets) {
        return CommonErrors.invalidParameter("targets", targets, "%s must be an array");
    }

    /** The body of a SimpleJSON request is not a JSON object. */
    static SuiteException bodyNotObject() {
        return CommonErrors.malformedBody("json", "expected an object");
    }

    /** The body of a SimpleJSON request is not JSON. */
    static SuiteException malformedJson(String detail) {
        return CommonErrors.malformedBody("json", detail);
    }
}
