package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlErrors;
import java.util.List;

/**
 * Every failure of the log ruler, one factory each. The ruler API's texts are Loki's (inherited from
 * the Cortex ruler API: tools such as Grafana, cortextool and lokitool show them verbatim), so they
 * keep that shape instead of {@code what [key=value]}; the status is the kind's (HTTP mapping in one
 * place, {@code StatusTable}).
 */
public final class RulerErrors {
    private RulerErrors() {
    }

    public static SuiteException noNamespace() {
        return new SuiteException(ErrorKind.BAD_DATA, "a namespace must be provided in the request");
    }

    public static SuiteException noRuleGroups() {
        return new SuiteException(ErrorKind.NOT_FOUND, "no rule groups found");
    }

    public static SuiteException groupNotFound() {
        return new SuiteException(ErrorKind.NOT_FOUND, "group does not exist");
    }

    public static SuiteException namespaceNotFound() {
        return new SuiteException(ErrorKind.NOT_FOUND, "group namespace does not exist");
    }

    /** A namespace file in the rule storage that does not parse, so groups cannot be added to it. */
    public static SuiteException invalidStoredNamespace(String namespace, String detail) {
        return new SuiteException(ErrorKind.BAD_DATA, "stored namespace is invalid [namespace=" + namespace
                + ", error=" + detail + "]");
    }

    /** The body of a POST is not one YAML rule group. */
    public static SuiteException badRuleGroup() {
        return new SuiteException(ErrorKind.BAD_DATA, "unable to decoded rule group");
    }

    public static SuiteException emptyGroupName() {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid rules config: rule group name must not be empty");
    }

    public static SuiteException noRules(String group) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid rules config: rule group '" + group + "' has no rules");
    }

    /** Validation of a posted group failed; every problem, joined as Cortex does. */
    public static SuiteException invalidGroup(List<String> problems) {
        return new SuiteException(ErrorKind.BAD_DATA, String.join(", ", problems));
    }

    /** A namespace that cannot be a file name in the rule directory. */
    public static SuiteException invalidNamespace(String namespace) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid namespace [namespace=" + namespace
                + ", reason=must be a file name: not empty, no '/', not '.' or '..', not starting with '.']");
    }

    /** The ruler is off (ruler.enable_api false, or no ruler block): Loki answers 404 for the paths. */
    public static SuiteException apiDisabled() {
        return new SuiteException(ErrorKind.NOT_FOUND, "ruler API is disabled [setting=ruler.enable_api]");
    }

    /** A rule expression that is a log query (rules must produce samples). */
    public static SuiteException logQueryInRule() {
        return LogqlErrors.semantic("only sample expression supported");
    }

    /** A rule query answered something other than an instant vector or scalar. */
    public static SuiteException notAVector(String type) {
        return new SuiteException(ErrorKind.EXECUTION, "rule result is not a vector or scalar [type=" + type + "]");
    }

    /** Reading or writing the rule directory failed. */
    public static SuiteException storage(String what, String path, Exception cause) {
        return new SuiteException(ErrorKind.INTERNAL, "rule storage " + what + " failed [path=" + path
                + ", error=" + cause.getMessage() + "]", cause);
    }

    /** The remote store did not answer the ALERTS_FOR_STATE read-back. */
    public static SuiteException forStateQueryFailed(String url, String detail) {
        return new SuiteException(ErrorKind.UNAVAILABLE, "for-state read-back failed [url=" + url + ", error="
                + detail + "]");
    }
}
