package ai.gatewayz.obs.metrics.tsdb;

/** A closed, immutable XOR chunk of one series with its time bounds (inclusive). */
record ChunkMeta(long minT, long maxT, byte[] bytes) {
}
