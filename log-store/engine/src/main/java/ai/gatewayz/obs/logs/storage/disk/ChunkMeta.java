package ai.gatewayz.obs.logs.storage.disk;

/** Where one chunk lies in its block file and what it covers. Immutable. */
record ChunkMeta(long minTime, long maxTime, long offset, int length, int entries, long rawBytes, GramFilter filter) {
}
