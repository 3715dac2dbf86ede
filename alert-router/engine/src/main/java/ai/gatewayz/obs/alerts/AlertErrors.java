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

    /** One alert's labels exceed the per-alert limit; the message names the alert, not its (huge) labels. */
    public static String labelsTooLarge(String alertname, long size, long limit) {
        return "labels too large [alertname=" + alertname + ", size=" + size + ", limit=" + limit + "]";
    }

    /** One alert's annotations exceed the per-alert limit. */
    public static String annotationsTooLarge(String alertname, long size, long limit) {
        return "annotations too large [alertname=" + alertname + ", size=" + size + ", limit=" + limit + "]";
    }

    /** New alerts were refused because the router holds as many as it may. */
    public static SuiteException atCapacity(String joined) {
        return new SuiteException(ErrorKind.TOO_MANY_REQUESTS, joined);
    }

    /** More alerts in one request than allowed. */
    public static SuiteException tooManyInRequest(int count, int limit) {
        return new SuiteException(ErrorKind.PAYLOAD_TOO_LARGE, "too many alerts in one request [count=" + count + ", limit=" + limit + "]");
    }

    /** A body in a content type other than JSON (Alertmanager's wording). */
    public static SuiteException notJson(String contentType) {
        return new SuiteException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                "unsupported media type \"" + contentType + "\", only [application/json] are allowed");
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
