package ai.gatewayz.obs.logs.storage;

/** What Loki's {@code /index/stats} reports for a selector and range. Immutable. */
public record IndexStats(long streams, long chunks, long bytes, long entries) {
    public static final IndexStats EMPTY = new IndexStats(0, 0, 0, 0);
}
