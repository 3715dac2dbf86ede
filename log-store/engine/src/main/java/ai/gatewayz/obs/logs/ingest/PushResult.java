package ai.gatewayz.obs.logs.ingest;

/**
 * Outcome of one push: 204 when everything was stored; otherwise 400 or 429 with Loki's messages,
 * the valid part having been stored. Immutable.
 */
public record PushResult(int status, String message, long accepted, long rejected) {
    public boolean ok() {
        return status == 204;
    }
}
