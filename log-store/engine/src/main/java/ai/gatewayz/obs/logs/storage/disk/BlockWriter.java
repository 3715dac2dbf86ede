package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.read.EntryBuffer;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.Crc32c;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes one immutable block: streams added in label order, each cut into chunks by raw size and
 * time span, then the index and footer. Written to a temporary name, forced, and renamed, so a
 * crash never leaves a half block under a block name. Not thread-safe; one block at a time.
 */
final class BlockWriter implements AutoCloseable {
    static final int MAGIC = 0x475A4C42; // "GZLB"
    static final int VERSION = 1;
    static final int FOOTER = 8 + 4 + 4 + 4;

    private final Path target;
    private final Path tmp;
    private final FileChannel ch;
    private final ChunkCodec codec;
    private final GramFilter.Builder grams;
    private final DiskStorageOptions opts;
    private final ByteSink index = new ByteSink(1 << 14);
    private long pos;
    private int streams;
    private final ByteSink streamIndex = new ByteSink(1 << 12);

    BlockWriter(Path target, DiskStorageOptions opts, ChunkCodec codec, GramFilter.Builder grams) throws IOException {
        this.target = target;
        this.tmp = target.resolveSibling(target.getFileName() + ".tmp");
        this.opts = opts;
        this.codec = codec;
        this.grams = grams;
        this.ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        ByteBuffer h = ByteBuffer.allocate(8).putInt(MAGIC).put((byte) VERSION).put(new byte[3]).flip();
        write(h);
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b);
        }
    }

    /** Adds one stream's sorted, de-duplicated entries [from, to) of {@code buf}. Streams must come in label order. */
    void addStream(Labels labels, EntryBuffer buf, int from, int to) throws IOException {
        if (from >= to) {
            return;
        }
        streamIndex.reset();
        int chunks = 0;
        int i = from;
        long span = opts.maxChunkSpan().toNanos();
        while (i < to) {
            int j = i;
            long raw = 0;
            long first = buf.timestamp(i);
            while (j < to && (j == i || raw < opts.chunkTargetBytes() && buf.timestamp(j) - first < span)) {
                raw += buf.line(j).length() + 8;
                j++;
            }
            byte[] chunk = codec.encode(buf, i, j, opts.zstdLevel(), grams);
            GramFilter filter = grams.build();
            long off = pos;
            write(ByteBuffer.wrap(chunk));
            streamIndex.putVarint(buf.timestamp(i));
            streamIndex.putVarint(buf.timestamp(j - 1));
            streamIndex.putUvarint(off);
            streamIndex.putUvarint(chunk.length);
            streamIndex.putUvarint(j - i);
            streamIndex.putUvarint(raw);
            long[] words = filter.words();
            streamIndex.putUvarint(words.length);
            for (long w : words) {
                streamIndex.putLong(w);
            }
            chunks++;
            i = j;
        }
        WalRecords.putLabels(labels, index);
        index.putUvarint(chunks);
        index.putBytes(streamIndex.array(), 0, streamIndex.length());
        streams++;
    }

    /** Writes index and footer, forces and publishes the block; returns its path. */
    Path finish() throws IOException {
        ByteSink idx = new ByteSink(index.length() + 8);
        idx.putUvarint(streams);
        idx.putBytes(index.array(), 0, index.length());
        long idxOff = pos;
        write(ByteBuffer.wrap(idx.array(), 0, idx.length()));
        ByteBuffer f = ByteBuffer.allocate(FOOTER).putLong(idxOff).putInt(idx.length())
                .putInt(Crc32c.of(idx.array(), 0, idx.length())).putInt(MAGIC).flip();
        write(f);
        ch.force(true);
        ch.close();
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    int streams() {
        return streams;
    }

    @Override
    public void close() throws IOException {
        if (ch.isOpen()) {
            ch.close();
            Files.deleteIfExists(tmp);
        }
    }
}
