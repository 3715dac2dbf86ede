package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.ScanEntry;
import ai.gatewayz.obs.logs.storage.ScanSink;
import ai.gatewayz.obs.logs.storage.index.LabelIndex;
import ai.gatewayz.obs.logs.storage.read.EntryBuffer;
import ai.gatewayz.obs.logs.storage.read.PartSource;
import ai.gatewayz.obs.logs.storage.read.StreamPart;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.io.Crc32c;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open, immutable block: its index (streams, chunk metadata, trigram filters) in memory and its
 * chunks read on demand. Reference-counted: the storage holds one reference, each querier that
 * pinned the block another; the file channel closes when the last is released. A chunk that fails
 * its checksum is skipped and counted, never thrown to the query. Thread-safe.
 */
final class Block implements PartSource {
    private final Path path;
    private final long partition;
    private final FileChannel ch;
    private final List<BlockStream> streams;
    private final LabelIndex index = new LabelIndex();
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicLong corruptChunks;
    private final AtomicLong chunksRead;
    private final long minTime;
    private final long maxTime;
    private final long sizeBytes;

    private Block(Path path, long partition, FileChannel ch, List<BlockStream> streams, AtomicLong corruptChunks,
            AtomicLong chunksRead, long size) {
        this.chunksRead = chunksRead;
        this.path = path;
        this.partition = partition;
        this.ch = ch;
        this.streams = streams;
        this.corruptChunks = corruptChunks;
        this.sizeBytes = size;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < streams.size(); i++) {
            index.add(i, streams.get(i).labels);
            min = Math.min(min, streams.get(i).minTime());
            max = Math.max(max, streams.get(i).maxTime());
        }
        this.minTime = min;
        this.maxTime = max;
    }

    /** Opens a block file; throws CorruptDataException when its footer or index does not verify. */
    static Block open(Path path, long partition, AtomicLong corruptChunks, AtomicLong chunksRead) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8 + BlockWriter.FOOTER) {
                throw new CorruptDataException("block too short [size=" + size + "]");
            }
            ByteBuffer head = read(ch, 0, 8);
            if (head.getInt() != BlockWriter.MAGIC || head.get() != BlockWriter.VERSION) {
                throw new CorruptDataException("bad block header");
            }
            ByteBuffer f = read(ch, size - BlockWriter.FOOTER, BlockWriter.FOOTER);
            long idxOff = f.getLong();
            int idxLen = f.getInt();
            int crc = f.getInt();
            if (f.getInt() != BlockWriter.MAGIC || idxOff < 8 || idxLen < 0 || idxOff + idxLen != size - BlockWriter.FOOTER) {
                throw new CorruptDataException("bad block footer");
            }
            byte[] idx = new byte[idxLen];
            read(ch, idxOff, idxLen).get(idx);
            if (Crc32c.of(idx, 0, idxLen) != crc) {
                throw new CorruptDataException("block index checksum mismatch");
            }
            ByteSource in = new ByteSource(idx);
            int n = in.getUvarintInt();
            List<BlockStream> streams = new ArrayList<>(n);
            Block[] self = new Block[1];
            for (int s = 0; s < n; s++) {
                Labels labels = WalRecords.getLabels(in);
                int cn = in.getUvarintInt();
                ChunkMeta[] chunks = new ChunkMeta[cn];
                for (int c = 0; c < cn; c++) {
                    long min = in.getVarint();
                    long max = in.getVarint();
                    long off = in.getUvarint();
                    int len = in.getUvarintInt();
                    int entries = in.getUvarintInt();
                    long raw = in.getUvarint();
                    int words = in.getUvarintInt();
                    long[] bits = new long[words];
                    for (int w = 0; w < words; w++) {
                        bits[w] = in.getLong();
                    }
                    if (off + len > idxOff) {
                        throw new CorruptDataException("chunk beyond data section");
                    }
                    chunks[c] = new ChunkMeta(min, max, off, len, entries, raw, new GramFilter(bits));
                }
                streams.add(new BlockStream(labels, chunks, self));
            }
            Block b = new Block(path, partition, ch, streams, corruptChunks, chunksRead, size);
            self[0] = b;
            return b;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                throw new CorruptDataException("unexpected end of block");
            }
        }
        return b.flip();
    }

    Path path() {
        return path;
    }

    long partition() {
        return partition;
    }

    long minTime() {
        return minTime;
    }

    long maxTime() {
        return maxTime;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    List<BlockStream> streams() {
        return streams;
    }

    boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            try {
                ch.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public List<StreamPart> select(List<LabelMatcher> matchers) {
        long[] refsHit = index.select(matchers);
        List<StreamPart> out = new ArrayList<>(refsHit.length);
        for (long r : refsHit) {
            out.add(streams.get((int) r));
        }
        return out;
    }

    /** Reads and verifies one chunk; null (and counted) when it is corrupt or unreadable. */
    byte[] readChunk(ChunkMeta c) {
        chunksRead.incrementAndGet();
        try {
            byte[] b = new byte[c.length()];
            read(ch, c.offset(), c.length()).get(b);
            return b;
        } catch (IOException | CorruptDataException e) {
            corruptChunks.incrementAndGet();
            return null;
        }
    }

    /** Reads one chunk into the scratch buffer; its length, or -1 (counted) when unreadable. */
    int readChunk(ChunkMeta c, ChunkCodec.Scratch s) {
        chunksRead.incrementAndGet();
        byte[] b = s.chunk(c.length());
        try {
            ByteBuffer bb = ByteBuffer.wrap(b, 0, c.length());
            while (bb.hasRemaining()) {
                if (ch.read(bb, c.offset() + bb.position()) < 0) {
                    throw new CorruptDataException("unexpected end of block");
                }
            }
            return c.length();
        } catch (IOException | CorruptDataException e) {
            corruptChunks.incrementAndGet();
            return -1;
        }
    }

    void countCorrupt() {
        corruptChunks.incrementAndGet();
    }

    /** Decode buffers per scanning thread (a few MiB at most), reused across queries. */
    private static final ThreadLocal<ChunkCodec.Scratch> SCRATCH = ThreadLocal.withInitial(ChunkCodec.Scratch::new);

    /** One stream of a block. */
    static final class BlockStream implements StreamPart {
        final Labels labels;
        final ChunkMeta[] chunks;
        private final Block[] block;

        BlockStream(Labels labels, ChunkMeta[] chunks, Block[] block) {
            this.labels = labels;
            this.chunks = chunks;
            this.block = block;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        @Override
        public long minTime() {
            long m = Long.MAX_VALUE;
            for (ChunkMeta c : chunks) {
                m = Math.min(m, c.minTime());
            }
            return m;
        }

        @Override
        public long maxTime() {
            long m = Long.MIN_VALUE;
            for (ChunkMeta c : chunks) {
                m = Math.max(m, c.maxTime());
            }
            return m;
        }

        private boolean skip(ChunkMeta c, long start, long end, List<String> literals, List<String> folded) {
            return c.maxTime() < start || c.minTime() >= end || !literals.isEmpty() && !c.filter().mayContainAll(literals)
                    || !folded.isEmpty() && !c.filter().mayContainAllFolded(folded);
        }

        @Override
        public void collect(long start, long end, List<String> literals, EntryBuffer out) {
            collect(start, end, literals, List.of(), out);
        }

        @Override
        public void collect(long start, long end, List<String> literals, List<String> folded, EntryBuffer out) {
            for (ChunkMeta c : chunks) {
                if (skip(c, start, end, literals, folded)) {
                    continue;
                }
                byte[] data = block[0].readChunk(c);
                if (data == null) {
                    continue;
                }
                try {
                    ChunkCodec.decode(data, start, end, literals, out);
                } catch (CorruptDataException e) {
                    block[0].countCorrupt();
                }
            }
        }

        @Override
        public void scan(long start, long end, List<String> literals, List<String> folded, ScanEntry e, ScanSink sink) {
            ChunkCodec.Scratch s = SCRATCH.get();
            for (ChunkMeta c : chunks) {
                if (skip(c, start, end, literals, folded)) {
                    continue;
                }
                int len = block[0].readChunk(c, s);
                if (len < 0) {
                    continue;
                }
                try {
                    ChunkCodec.scan(s.chunk, len, start, end, s, e, sink);
                } catch (CorruptDataException ex) {
                    block[0].countCorrupt();
                }
            }
        }

        @Override
        public long entries() {
            long n = 0;
            for (ChunkMeta c : chunks) {
                n += c.entries();
            }
            return n;
        }

        @Override
        public long bytes() {
            long n = 0;
            for (ChunkMeta c : chunks) {
                n += c.rawBytes();
            }
            return n;
        }

        @Override
        public int chunks() {
            return chunks.length;
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
