package ai.gatewayz.obs.metrics.ingest;

import java.util.List;

/**
 * What one OTLP metrics export did: the samples and exemplars stored and the data points refused
 * with the first few reasons, answered as an OTLP partial success. Immutable.
 */
public record OtlpWriteResult(long samplesWritten, long histogramsWritten, long exemplarsWritten, long rejectedDataPoints, List<String> errors) {

    public boolean ok() {
        return rejectedDataPoints == 0;
    }

    /** The partial-success {@code error_message}; empty when nothing was refused. */
    public String message() {
        return ok() ? "" : rejectedDataPoints + " data point(s) rejected; first errors: " + String.join("; ", errors);
    }
}
