package ai.gatewayz.obs.metrics.tsdb;

/**
 * Where a {@link Tsdb} writes its WAL records (by default its segmented log). The TSDB calls it
 * under its write lock, one record at a time, before any sample of the record becomes visible, so
 * an implementation needs no locking of its own. {@link #append} returns once the record is written
 * and, if the sync policy says so, synced; when it throws, the record counts as not written and the
 * TSDB makes nothing of the batch visible. Tests wrap the default writer to inject faults.
 */
@FunctionalInterface
public interface WalWriter {
    /** Writes {@code len} bytes of {@code record} from {@code off} as one record. */
    void append(byte[] record, int off, int len);
}
