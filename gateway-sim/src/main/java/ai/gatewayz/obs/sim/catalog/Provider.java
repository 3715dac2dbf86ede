package ai.gatewayz.obs.sim.catalog;

/**
 * One upstream inference provider and how it behaves when healthy. Latencies are log-normal:
 * {@code median * exp(sigma * N(0,1))}. Immutable.
 *
 * @param slug             provider label value used in every signal ({@code openai}, {@code groq}...)
 * @param host             the API host the gateway calls (becomes {@code server.address} / {@code peer.service})
 * @param ttfcMedianMs     median time to first streamed chunk
 * @param tokensPerSecond  output generation speed
 * @param sigma            log-normal spread of latencies
 * @param errorRate        share of calls answered with a 5xx when healthy
 * @param rateLimitRate    share of calls answered with 429 when healthy
 * @param timeoutRate      share of calls that time out when healthy
 */
public record Provider(String slug, String host, double ttfcMedianMs, double tokensPerSecond, double sigma,
                       double errorRate, double rateLimitRate, double timeoutRate) {
}
