package ai.gatewayz.obs.sim.traffic;

/**
 * Shape of the generated traffic. Immutable.
 *
 * @param requestsPerSecond  chat requests per second (other endpoints add about 10 % on top)
 * @param streamingShare     share of chat requests asking for SSE streaming
 * @param users              number of simulated users
 * @param invalidShare       share of requests with a bad key or an unknown model (4xx)
 * @param repeatPromptShare  share of non-streaming requests reusing a popular prompt (response-cache hits)
 */
public record TrafficOptions(double requestsPerSecond, double streamingShare, int users, double invalidShare,
                             double repeatPromptShare) {
    public static final TrafficOptions DEFAULTS = new TrafficOptions(3, 0.6, 40, 0.01, 0.3);

    public TrafficOptions {
        if (!(requestsPerSecond > 0) || requestsPerSecond > 100_000) {
            throw new IllegalArgumentException("requests per second must be in (0, 100000] [rps=" + requestsPerSecond + "]");
        }
        if (streamingShare < 0 || streamingShare > 1 || invalidShare < 0 || invalidShare > 1 || repeatPromptShare < 0 || repeatPromptShare > 1) {
            throw new IllegalArgumentException("shares must be within [0, 1] [streaming=" + streamingShare + ", invalid="
                + invalidShare + ", repeat=" + repeatPromptShare + "]");
        }
        if (users < 1) {
            throw new IllegalArgumentException("need at least one user [users=" + users + "]");
        }
    }
}
