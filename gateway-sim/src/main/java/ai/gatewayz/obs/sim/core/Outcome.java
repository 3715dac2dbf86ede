package ai.gatewayz.obs.sim.core;

import ai.gatewayz.obs.sim.catalog.Model;
import java.time.Instant;
import java.util.List;

/**
 * Everything the simulated gateway did for one request: the full timeline, which telemetry turns
 * into metrics, spans, log lines and profile labels. Deterministic for a given seed, sequence
 * number, request and gateway state. Immutable.
 *
 * @param seq            request sequence number (drives the per-request random stream)
 * @param id             response id ({@code chatcmpl-...})
 * @param user           null when authentication failed
 * @param model          null when the model is unknown
 * @param status         HTTP status returned to the client
 * @param errorType      OpenAI error type when status is not 200
 * @param provider       provider that answered (last one tried on failure; null if none)
 * @param totalMs        request duration as the client sees it
 * @param ttfcMs         time to first chunk from the request start (streaming only, else 0)
 * @param catalogResult  where the provider catalogue came from: {@code l1}, {@code l2}, {@code miss}, or null
 */
public record Outcome(long seq, String id, Instant start, ChatRequest request, SimUser user, Model model, int status,
                      String errorType, String errorCode, String errorMessage, List<Stage> stages, List<Attempt> attempts,
                      String provider, long inputTokens, long outputTokens, double costUsd, long totalMs, long ttfcMs,
                      boolean responseCacheHit, boolean fallbackUsed, boolean rateLimited, int chunks, String finishReason,
                      String catalogResult) {
    public Outcome {
        stages = List.copyOf(stages);
        attempts = List.copyOf(attempts);
    }

    public boolean success() {
        return status == 200;
    }

    /** The attempt that produced the answer, or null. */
    public Attempt winningAttempt() {
        for (Attempt a : attempts) {
            if (a.success()) {
                return a;
            }
        }
        return null;
    }

    public String modelLabel() {
        return model != null ? model.canonical() : request.model();
    }
}
