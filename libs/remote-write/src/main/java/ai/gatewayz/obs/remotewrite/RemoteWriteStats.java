package ai.gatewayz.obs.remotewrite;

/**
 * What a remote-write client did so far, named after Prometheus's {@code prometheus_remote_storage_*}
 * metrics: samples sent (acknowledged with 2xx), dropped because the queue was full or the series was
 * invalid ({@code droppedQueueFull}, {@code droppedInvalid}), dropped because they got older than
 * {@code maxSampleAge} while retrying, failed (a 4xx that is not retried, or a 2.0 receiver that did not
 * confirm), retried (sample-sends repeated after a 5xx, 429 or network error), requests and bytes sent,
 * the samples pending now and the newest timestamp acknowledged. An immutable snapshot.
 */
public record RemoteWriteStats(long samplesIn, long samplesSent, long droppedQueueFull, long droppedInvalid,
        long droppedTooOld, long samplesFailed, long samplesRetried, long requests, long bytesSent, long pending,
        long highestSentTimestampMs, String lastError) {
}
