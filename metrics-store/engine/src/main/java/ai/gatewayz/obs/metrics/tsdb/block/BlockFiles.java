package ai.gatewayz.obs.metrics.tsdb.block;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File names, magics and the few file-system steps blocks need (fsync, recursive delete). */
public final class BlockFiles {
    public static final String META = "meta.json";
    public static final String CHUNKS = "chunks";
    public static final String INDEX = "index";
    public static final String TMP_SUFFIX = ".tmp";
    /** "GZCH" */
    static final int CHUNKS_MAGIC = 0x475A4348;
    /** "GZIX" */
    static final int INDEX_MAGIC = 0x475A4958;
    static final int FORMAT_VERSION = 1;
    /** Index version 2: each series entry is followed by its histogram chunk metas (written only when some series has them). */
    static final int INDEX_VERSION_HISTOGRAMS = 2;
    static final int HEADER_BYTES = 8;
    /** Chunk encoding byte: {@code XorChunk} as in docs/formats/chunks.md (the head's chunks). */
    public static final int ENC_XOR = 1;
    /** Chunk encoding byte: {@code BlockXorChunk} (7-bit delta-of-delta bucket), what compaction writes. */
    public static final int ENC_BLOCK_XOR = 2;
    /** Chunk encoding byte: {@code DecimalChunk} (values as scaled integers), when smaller than BLOCK_XOR. */
    public static final int ENC_DECIMAL = 3;
    /** Chunk encoding byte: {@code PackedChunk} (patched frame-of-reference), when smallest. */
    public static final int ENC_PACKED = 4;
    /** Chunk encoding byte: {@code HistogramChunk} (docs/formats/histogram-chunk.md), native histogram samples. */
    public static final int ENC_HISTOGRAM = 5;
    static final int SECTIONS = 5;
    static final int TOC_BYTES = SECTIONS * 16 + 4;

    private BlockFiles() {
    }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; the rename is still atomic there
        }
    }

    /** Deletes a directory tree; missing is fine. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Total bytes of the regular files under {@code dir}. */
    public static long sizeOf(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
