package ai.gatewayz.obs.metrics.ingest;

import java.util.List;

/**
 * What one remote-write request did. {@code errors} holds the first few reasons; when it is not
 * empty the request answers 400 although the valid series were kept (the suite's partial-write
 * decision, like Mimir). Immutable.
 */
public record WriteResult(RemoteWriteReceiver.Protocol protocol, long samplesWritten, long histogramsWritten,
        long exemplarsWritten, long rejected, List<String> errors) {

    public boolean ok() {
        return rejected == 0;
    }

    /** A human-readable summary for the response body of a partial write. */
    public String message() {
        if (ok()) {
            return "";
        }
        return rejected + " item(s) rejected, " + samplesWritten + " sample(s) written; first errors: "
                + String.join("; ", errors);
    }
}
