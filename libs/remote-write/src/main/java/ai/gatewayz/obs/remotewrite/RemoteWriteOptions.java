package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.Labels;
import java.net.URI;
import java.util.Map;

/**
 * Settings of one remote-write destination, with the defaults of wire-protocols.md §1.6 (Prometheus's
 * queue_config where the contract is silent): batches of at most 2000 samples, a 5 s send deadline,
 * backoff 30 ms to 5 s, 429 retried honouring {@code Retry-After}. {@code capacity} bounds the samples
 * waiting per shard (memory stays bounded while the receiver is down; beyond it new samples are
 * dropped and counted). {@code maxSampleAgeMs} 0 retries forever, otherwise samples older than that
 * are dropped instead of retried. Immutable.
 */
public record RemoteWriteOptions(URI url, Protocol protocol, Map<String, String> headers, Labels externalLabels,
        int shards, int capacity, int maxSamplesPerSend, long batchSendDeadlineMs, long minBackoffMs, long maxBackoffMs,
        boolean retryOn429, long timeoutMs, long maxSampleAgeMs) {

    /** The wire format sent. */
    public enum Protocol { V1, V2 }

    public RemoteWriteOptions {
        headers = Map.copyOf(headers);
        if (url == null || url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw RemoteWriteErrors.badOption("url", String.valueOf(url));
        }
        if (shards < 1) {
            throw RemoteWriteErrors.badOption("shards", Integer.toString(shards));
        }
        if (maxSamplesPerSend < 1 || maxSamplesPerSend > capacity) {
            throw RemoteWriteErrors.badOption("max_samples_per_send", Integer.toString(maxSamplesPerSend));
        }
        if (minBackoffMs < 1 || maxBackoffMs < minBackoffMs) {
            throw RemoteWriteErrors.badOption("min_backoff", minBackoffMs + "ms");
        }
    }

    public static RemoteWriteOptions defaults(URI url) {
        return new RemoteWriteOptions(url, Protocol.V1, Map.of(), Labels.EMPTY, 1, 10_000, 2000, 5000, 30, 5000, true,
                30_000, 0);
    }

    public RemoteWriteOptions withProtocol(Protocol p) {
        return new RemoteWriteOptions(url, p, headers, externalLabels, shards, capacity, maxSamplesPerSend,
                batchSendDeadlineMs, minBackoffMs, maxBackoffMs, retryOn429, timeoutMs, maxSampleAgeMs);
    }

    public RemoteWriteOptions withHeaders(Map<String, String> h) {
        return new RemoteWriteOptions(url, protocol, h, externalLabels, shards, capacity, maxSamplesPerSend,
                batchSendDeadlineMs, minBackoffMs, maxBackoffMs, retryOn429, timeoutMs, maxSampleAgeMs);
    }

    public RemoteWriteOptions withExternalLabels(Labels l) {
        return new RemoteWriteOptions(url, protocol, headers, l, shards, capacity, maxSamplesPerSend,
                batchSendDeadlineMs, minBackoffMs, maxBackoffMs, retryOn429, timeoutMs, maxSampleAgeMs);
    }

    public RemoteWriteOptions withQueue(int shardCount, int capacityPerShard, int maxPerSend, long deadlineMs) {
        return new RemoteWriteOptions(url, protocol, headers, externalLabels, shardCount, capacityPerShard, maxPerSend,
                deadlineMs, minBackoffMs, maxBackoffMs, retryOn429, timeoutMs, maxSampleAgeMs);
    }

    public RemoteWriteOptions withBackoff(long minMs, long maxMs) {
        return new RemoteWriteOptions(url, protocol, headers, externalLabels, shards, capacity, maxSamplesPerSend,
                batchSendDeadlineMs, minMs, maxMs, retryOn429, timeoutMs, maxSampleAgeMs);
    }

    public RemoteWriteOptions withRetryOn429(boolean retry) {
        return new RemoteWriteOptions(url, protocol, headers, externalLabels, shards, capacity, maxSamplesPerSend,
                batchSendDeadlineMs, minBackoffMs, maxBackoffMs, retry, timeoutMs, maxSampleAgeMs);
    }

    public RemoteWriteOptions withMaxSampleAge(long ms) {
        return new RemoteWriteOptions(url, protocol, headers, externalLabels, shards, capacity, maxSamplesPerSend,
                batchSendDeadlineMs, minBackoffMs, maxBackoffMs, retryOn429, timeoutMs, ms);
    }

    public RemoteWriteOptions withTimeout(long ms) {
        return new RemoteWriteOptions(url, protocol, headers, externalLabels, shards, capacity, maxSamplesPerSend,
                batchSendDeadlineMs, minBackoffMs, maxBackoffMs, retryOn429, ms, maxSampleAgeMs);
    }
}
