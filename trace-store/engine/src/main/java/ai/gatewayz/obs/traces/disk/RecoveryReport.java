package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.wal.RepairReport;

/**
 * What {@link DiskTraceStorage} found when it opened: the WAL's tail repair, how many records and
 * spans it replayed, records it could not decode, and blocks it moved aside as corrupt.
 */
public record RecoveryReport(RepairReport wal, long walRecords, long walSpans, long badWalRecords, int blocksOpened,
        int corruptBlocks) {
}
