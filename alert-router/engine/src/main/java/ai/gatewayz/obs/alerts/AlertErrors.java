package ai.gatewayz.obs.alerts;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** One static factory per failure of the alert router; messages follow {@code what [key=value]}. */
public final class AlertErrors {
    private AlertErrors() {
    }

    public static SuiteException badMatcher(String text, String reason) {
        return new SuiteException(ErrorKind.BAD_DATA, "bad matcher format: " + text + " [reason=" + reason + "]");
    }

    public static SuiteException invalidAlerts(String joined) {
        return new SuiteException(ErrorKind.BAD_DATA, joined);
    }

    public static SuiteException invalidSilence(String reason) {
        return new SuiteException(ErrorKind.BAD_DATA, "silence invalid: " + reason);
    }

    public static SuiteException silenceNotFound(String id) {
        return new SuiteException(ErrorKind.NOT_FOUND, "silence not found [id=" + id + "]");
    }

    public static SuiteException invalidSilenceId(String id) {
        return new SuiteException(ErrorKind.BAD_DATA, "invalid silence id [id=" + id + "]");
    }

    public static SuiteException storage(String what, Throwable cause) {
        return new SuiteException(ErrorKind.INTERNAL, "storage failure [what=" + what + ", error=" + cause.getMessage() + "]", cause);
    }
}
