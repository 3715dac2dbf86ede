package ai.gatewayz.obs.logs.tail;

/**
 * Limits of live tailing.
 *
 * @param maxBufferedEntries entries queued per subscriber before new ones are dropped (and reported
 *     as {@code dropped_entries}); bounds a slow client's memory
 * @param maxDroppedReported dropped entries remembered per subscriber until the next message
 * @param maxEntriesPerMessage entries sent in one WebSocket message
 * @param maxTailsPerTenant concurrent tails of one tenant
 * @param maxDelayForSeconds largest {@code delay_for} accepted (Loki: 5)
 */
public record TailOptions(int maxBufferedEntries, int maxDroppedReported, int maxEntriesPerMessage, int maxTailsPerTenant,
        int maxDelayForSeconds) {
    public static final TailOptions DEFAULTS = new TailOptions(10_000, 10_000, 1_000, 100, 5);
}
