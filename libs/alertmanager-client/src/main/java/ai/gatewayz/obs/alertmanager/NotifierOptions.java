package ai.gatewayz.obs.alertmanager;

import ai.gatewayz.obs.common.Labels;

/**
 * Notifier settings with Prometheus 2.42's defaults: queue capacity 10 000
 * ({@code --alertmanager.notification-queue-capacity}), batches of at most 64 alerts, external
 * labels added to each alert unless present, and the User-Agent. Immutable.
 */
public record NotifierOptions(int queueCapacity, int maxBatchSize, Labels externalLabels, String userAgent) {
    public static NotifierOptions defaults() {
        return new NotifierOptions(10_000, 64, Labels.EMPTY, "Prometheus/2.42.0 (gatewayz metrics-store)");
    }

    public NotifierOptions withExternalLabels(Labels l) {
        return new NotifierOptions(queueCapacity, maxBatchSize, l, userAgent);
    }

    public NotifierOptions withQueueCapacity(int c) {
        return new NotifierOptions(c, maxBatchSize, externalLabels, userAgent);
    }
}
