package ai.gatewayz.obs.alerts.notify;

/**
 * One delivery target of a receiver: {@code type} is {@code email} or {@code webhook}, {@code index}
 * its position in that list, {@code config} the matching config record. Immutable.
 */
public record Integration(String receiver, String type, int index, boolean sendResolved, Object config) {
    /** Stable id used in the notification log, e.g. {@code ops-email/email/0}. */
    public String id() {
        return receiver + "/" + type + "/" + index;
    }
}
