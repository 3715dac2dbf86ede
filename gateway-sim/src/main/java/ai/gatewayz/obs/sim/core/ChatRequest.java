package ai.gatewayz.obs.sim.core;

/**
 * One chat-completion request as the simulator sees it (already parsed). Immutable.
 *
 * @param apiKey        bearer key as sent (may be null or unknown)
 * @param model         model id as sent
 * @param stream        SSE streaming requested
 * @param promptChars   total characters of the messages (drives input tokens)
 * @param promptKey     identity of the prompt for the response cache (same key = same prompt)
 * @param maxTokens     client's max_tokens, 0 when absent
 * @param temperature   sampling temperature as sent (NaN when absent)
 */
public record ChatRequest(String apiKey, String model, boolean stream, int promptChars, String promptKey, int maxTokens,
                          double temperature) {
}
