package ai.gatewayz.obs.logs.ingest;

import java.util.List;

/**
 * One stream of a decoded push before validation. Labels come either as a selector text (protobuf,
 * v0 JSON) or as name/value pairs in body order (v1 JSON), so duplicates can still be seen.
 * Immutable once decoded.
 */
public record RawStream(String selector, List<String[]> pairs, List<RawEntry> entries) {
    /** The labels as the client wrote them, for error messages. */
    public String labelsText() {
        if (selector != null) {
            return selector;
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs.get(i)[0]).append("=\"").append(pairs.get(i)[1].replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return sb.append('}').toString();
    }

    /** One entry: nanosecond timestamp, line, structured metadata pairs (may be empty). */
    public record RawEntry(long timestampNanos, String line, List<String[]> metadata) {
    }
}
