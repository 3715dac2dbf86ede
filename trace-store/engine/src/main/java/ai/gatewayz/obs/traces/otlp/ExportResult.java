package ai.gatewayz.obs.traces.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** The outcome of one accepted export: spans stored and spans rejected (with the first reason). */
public record ExportResult(int accepted, int rejected, String message) {
    /** The OTLP response: {@code partial_success} is set only when spans were rejected. */
    public ExportTraceServiceResponse toResponse() {
        if (rejected == 0) {
            return ExportTraceServiceResponse.getDefaultInstance();
        }
        return ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message))
                .build();
    }
}
