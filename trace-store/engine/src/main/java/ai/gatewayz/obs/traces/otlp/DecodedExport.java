package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.traces.model.Span;
import java.util.List;

/**
 * The spans of one OTLP export that passed validation, and how many were rejected with the first
 * reason (the partial-success message).
 */
public record DecodedExport(List<Span> spans, int rejected, String rejectReason) {
}
