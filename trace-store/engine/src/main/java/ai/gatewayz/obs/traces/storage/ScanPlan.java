package ai.gatewayz.obs.traces.storage;

import java.util.List;

/**
 * What a scan's visitor needs from each span, and what a trace must contain to be worth visiting,
 * so a columnar storage can decode only some columns and skip blocks or pages.
 *
 * <p>Spans handed to the visitor of a planned scan always carry their trace id, span and parent
 * ids, start and end times, resource and scope. The other fields are present only when the plan
 * names them; a field left out reads as empty (empty name and status message, kind 0, status
 * unset, no attributes, events or links). With {@code genAiOnly}, attributes hold just the
 * dedicated GenAI attributes of the span (the first {@code gen_ai.system}, {@code gen_ai.request.model},
 * {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens}).
 *
 * <p>Skips are hints a storage may use: a matching trace has spans that carry every string of
 * {@code requiredStrings} (as a name, attribute value, service, ...) and a span lasting at least
 * {@code minSpanDurationNanos}, so a part of the storage that stores none of one of those strings,
 * or no span that long, may be left out. A storage that ignores the plan visits whole spans of
 * every trace.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name span names
 * @param kind span kinds
 * @param status status code and message
 * @param attributes every span attribute
 * @param genAiOnly only the dedicated GenAI attributes (ignored when {@code attributes})
 * @param events span events
 * @param links span links
 * @param requiredStrings strings that a matching trace must contain (may be empty)
 * @param minSpanDurationNanos a matching trace has a span at least this long (0 = no bound)
 */
public record ScanPlan(boolean name, boolean kind, boolean status, boolean attributes, boolean genAiOnly, boolean events,
        boolean links, List<String> requiredStrings, long minSpanDurationNanos) {
    /** Every field, no skips: what an unplanned scan gives. */
    public static final ScanPlan FULL = new ScanPlan(true, true, true, true, false, true, true, List.of(), 0);

    public ScanPlan {
        requiredStrings = List.copyOf(requiredStrings);
    }

    /** Whether spans come back whole (every field decoded). */
    public boolean whole() {
        return name && kind && status && attributes && events && links;
    }
}
