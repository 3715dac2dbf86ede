package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Span;
import java.util.List;

/**
 * One result spanset of a trace: its spans in start order, the attributes to show with each span
 * (those the query filtered or selected on), and how many spans matched in all.
 */
public record SpansetMatch(List<Span> spans, List<List<Attr>> attributes, int matched) {
}
