package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.common.Labels;
import java.util.Objects;

/**
 * One log line as pushed and as read back: its timestamp in nanoseconds since the epoch, the line,
 * and its structured metadata (never index labels). Immutable.
 */
public record LogEntry(long timestampNanos, String line, Labels metadata) {
    public LogEntry {
        Objects.requireNonNull(line, "line");
        metadata = metadata == null ? Labels.EMPTY : metadata;
    }

    public static LogEntry of(long timestampNanos, String line) {
        return new LogEntry(timestampNanos, line, Labels.EMPTY);
    }
}
