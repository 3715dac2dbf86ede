package ai.gatewayz.obs.storage.wal;

/**
 * What opening a WAL found and cut away: the torn or corrupt tail of one segment and every segment
 * after it. {@code corruptSegment} is -1 when the log was intact.
 */
public record RepairReport(int segmentsRead, long recordsRead, int corruptSegment, long droppedBytes, int droppedSegments) {
    public boolean repaired() {
        return corruptSegment >= 0;
    }
}
