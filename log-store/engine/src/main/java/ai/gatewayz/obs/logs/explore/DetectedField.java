package ai.gatewayz.obs.logs.explore;

import java.util.List;

/**
 * One entry of {@code /detected_fields}: the field name, its widened type, the number of distinct
 * values seen, the parsers that produced it ({@code null} for structured metadata, as Loki marks
 * it) and, for JSON fields, the path to the value. Immutable.
 */
public record DetectedField(String label, FieldType type, long cardinality, List<String> parsers, List<String> jsonPath) {
}
