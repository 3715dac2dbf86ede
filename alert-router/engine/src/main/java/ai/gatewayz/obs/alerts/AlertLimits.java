package ai.gatewayz.obs.alerts;

import ai.gatewayz.obs.alerts.store.Capacity;

/**
 * Limits on what a post may bring in: the bytes of one alert's labels and of its annotations (an
 * alert over either is invalid, like a bad label name: the others of its request are still stored),
 * and the {@link Capacity} of the store. Zero or less means no limit.
 */
public record AlertLimits(long maxLabelsBytes, long maxAnnotationsBytes, Capacity capacity) {
    public static final AlertLimits NONE = new AlertLimits(0, 0, Capacity.UNLIMITED);
}
