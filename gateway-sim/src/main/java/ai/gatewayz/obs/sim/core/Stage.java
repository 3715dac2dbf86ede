package ai.gatewayz.obs.sim.core;

/**
 * One step of a request's timeline, offsets in ms from the request start. {@code cacheLayer} and
 * {@code cacheOp} are set for cache operations ({@code hit} then says whether it hit). Immutable.
 */
public record Stage(String name, String cacheLayer, String cacheOp, boolean hit, long startMs, long durationMs) {
    public long endMs() {
        return startMs + durationMs;
    }
}
