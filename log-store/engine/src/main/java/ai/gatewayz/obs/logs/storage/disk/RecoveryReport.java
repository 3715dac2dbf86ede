package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.storage.wal.RepairReport;

/**
 * What opening a tenant's storage found: the WAL repair, records replayed, WAL records whose
 * payload did not decode (skipped), and blocks that did not verify (moved aside). Immutable.
 */
public record RecoveryReport(RepairReport wal, long recordsReplayed, long entriesReplayed, long corruptRecords,
        int corruptBlocks, int blocksOpened) {
}
