package ai.gatewayz.obs.storage.chunkenc;

/**
 * Steps through the points of one encoded chunk, whatever its encoding, so that a reader of stored
 * chunks picks a decoder once per chunk instead of switching on the encoding at every point.
 * Implementations are reusable via {@link #reset} and are not thread-safe; the chunk array is
 * borrowed, not copied, and must not change until the decoder is reset to another chunk.
 */
public interface ChunkDecoder {
    /** Positions before the first point of the chunk held in {@code chunk[0, len)}. */
    ChunkDecoder reset(byte[] chunk, int len);

    /** Moves to the next point; false once the chunk is exhausted. */
    boolean next();

    /** The current point's timestamp. */
    long t();

    /** The current point's value as raw bits. */
    long bits();
}
