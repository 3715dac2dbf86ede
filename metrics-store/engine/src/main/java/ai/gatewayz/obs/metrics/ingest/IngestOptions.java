package ai.gatewayz.obs.metrics.ingest;

import java.time.Duration;

/**
 * Remote-write decoding settings. Immutable.
 *
 * @param maxDecodedBytes largest accepted uncompressed body (checked before allocating it)
 * @param maxFuture samples further ahead of the clock than this are refused (Prometheus: 10 min)
 * @param legacyNameValidation restrict names to the pre-UTF-8 Prometheus character sets
 */
public record IngestOptions(long maxDecodedBytes, Duration maxFuture, boolean legacyNameValidation) {
    public static IngestOptions defaults() {
        return new IngestOptions(32L << 20, Duration.ofMinutes(10), false);
    }
}
