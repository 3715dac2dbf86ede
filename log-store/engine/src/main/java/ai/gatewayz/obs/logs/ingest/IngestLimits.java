package ai.gatewayz.obs.logs.ingest;

import java.time.Duration;

/**
 * One tenant's push limits; {@link #defaults()} are Loki's defaults (wire-protocols.md §3.5).
 * Immutable.
 */
public record IngestLimits(int maxLabelNames, int maxLabelNameLength, int maxLabelValueLength, int maxLineSize,
        boolean rejectOldSamples, Duration rejectOldSamplesMaxAge, Duration creationGracePeriod,
        Duration outOfOrderWindow, long maxStructuredMetadataSize, int maxStructuredMetadataEntries,
        long ingestionRateBytes, long ingestionBurstBytes, long perStreamRateBytes, long perStreamBurstBytes,
        int maxActiveStreams, boolean discoverServiceName, boolean discoverLogLevels) {

    public static IngestLimits defaults() {
        return new IngestLimits(15, 1024, 2048, 256 * 1024, true, Duration.ofDays(7), Duration.ofMinutes(10),
                Duration.ofHours(1), 64 * 1024, 128, 4L << 20, 6L << 20, 3L << 20, 15L << 20, 5000, true, true);
    }

    public IngestLimits withRate(long rate, long burst) {
        return new IngestLimits(maxLabelNames, maxLabelNameLength, maxLabelValueLength, maxLineSize, rejectOldSamples,
                rejectOldSamplesMaxAge, creationGracePeriod, outOfOrderWindow, maxStructuredMetadataSize,
                maxStructuredMetadataEntries, rate, burst, perStreamRateBytes, perStreamBurstBytes, maxActiveStreams,
                discoverServiceName, discoverLogLevels);
    }

    public IngestLimits withMaxActiveStreams(int n) {
        return new IngestLimits(maxLabelNames, maxLabelNameLength, maxLabelValueLength, maxLineSize, rejectOldSamples,
                rejectOldSamplesMaxAge, creationGracePeriod, outOfOrderWindow, maxStructuredMetadataSize,
                maxStructuredMetadataEntries, ingestionRateBytes, ingestionBurstBytes, perStreamRateBytes,
                perStreamBurstBytes, n, discoverServiceName, discoverLogLevels);
    }
}
