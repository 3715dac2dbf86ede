package ai.gatewayz.obs.logs.logql;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogEntry;
import java.util.List;

/**
 * What a LogQL query answers, in the four shapes of Loki's query API ({@code resultType} streams,
 * matrix, vector, scalar). Immutable. Timestamps of samples are milliseconds since the epoch, as
 * the API renders them in seconds with millisecond precision; entry timestamps stay nanoseconds.
 */
public sealed interface LogqlResult {
    /** Log query: streams with their entries, ordered as the query's direction asked. */
    record Streams(List<Stream> streams) implements LogqlResult {}

    /**
     * One output stream. {@code labels} are the stream's labels after the pipeline (index labels,
     * parsed labels and metadata merged as Loki merges them); {@code indexLabels},
     * {@code structuredMetadata} and {@code parsed} per entry feed the {@code categorize-labels}
     * encoding.
     */
    record Stream(Labels labels, List<LogEntry> entries, List<Labels> parsedPerEntry) {}

    /** Range metric query: one series per label set, samples at every step that has a value. */
    record Matrix(List<Series> series) implements LogqlResult {}

    record Series(Labels labels, long[] timestampsMillis, double[] values) {}

    /** Instant metric query. */
    record Vector(List<Sample> samples) implements LogqlResult {}

    record Sample(Labels labels, long timestampMillis, double value) {}

    /** A literal or a scalar expression. */
    record Scalar(long timestampMillis, double value) implements LogqlResult {}
}
