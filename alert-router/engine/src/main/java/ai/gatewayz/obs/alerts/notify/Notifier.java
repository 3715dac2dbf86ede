package ai.gatewayz.obs.alerts.notify;

/**
 * Delivers one notification through one integration (one email_configs or webhook_configs entry).
 * Implementations must be thread-safe: different groups notify concurrently. A thrown exception
 * means "not delivered"; the dispatcher retries with backoff and does not record it as sent.
 */
public interface Notifier {
    void notify(Notification n) throws Exception;
}
