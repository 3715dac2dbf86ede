package ai.gatewayz.obs.alerts.notify;

/** Builds the notifier for one integration; called on every config (re)load. Thread-safe. */
@FunctionalInterface
public interface NotifierFactory {
    Notifier create(Integration integration);
}
