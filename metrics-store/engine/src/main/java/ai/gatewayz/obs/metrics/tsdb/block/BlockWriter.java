package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.Crc32c;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes one block into {@code <blocksDir>/<id>.tmp/}: series in label order, each with its chunks
 * in time order. Chunks stream to the chunks file as they come; the index (symbols, series, postings)
 * is written at {@link #commit}, then every file and the directory are fsynced and the directory is
 * renamed to {@code <id>} atomically. {@link #close()} without commit deletes the tmp directory.
 * Not thread-safe. Format: docs/formats/block.md.
 */
public final class BlockWriter implements AutoCloseable {
    private static final int FLUSH_BYTES = 1 << 20;

    private final Path blocksDir;
    private final String id;
    private final Path tmp;
    private final FileChannel chunks;
    private final ByteSink buf = new ByteSink(FLUSH_BYTES + 4096);
    private long flushed;
    private final List<Entry> series = new ArrayList<>();
    private Entry current;
    private Labels last;
    private long numChunks;
    private long numSamples;
    private boolean committed;

    private long numHistogramChunks;

    private static final class Entry {
        final Labels labels;
        long[] minT = new long[2];
        long[] maxT = new long[2];
        long[] ref = new long[2];
        int n;
        /** Histogram chunk metas: {minT, maxT, ref} per chunk, null until the first. */
        Entry hist;

        Entry(Labels labels) {
            this.labels = labels;
        }

        boolean isEmpty() {
            return n == 0 && (hist == null || hist.n == 0);
        }

        void add(long a, long b, long r) {
            if (n == minT.length) {
                minT = Arrays.copyOf(minT, n * 2);
                maxT = Arrays.copyOf(maxT, n * 2);
                ref = Arrays.copyOf(ref, n * 2);
            }
            minT[n] = a;
            maxT[n] = b;
            ref[n++] = r;
        }
    }

    private BlockWriter(Path blocksDir, String id) throws IOException {
        this.blocksDir = blocksDir;
        this.id = id;
        this.tmp = blocksDir.resolve(id + BlockFiles.TMP_SUFFIX);
        Files.createDirectories(tmp);
        this.chunks = FileChannel.open(tmp.resolve(BlockFiles.CHUNKS), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        buf.putInt(BlockFiles.CHUNKS_MAGIC).putByte(BlockFiles.FORMAT_VERSION).putByte(0).putByte(0).putByte(0);
    }

    public static BlockWriter create(Path blocksDir, String id) {
        try {
            return new BlockWriter(blocksDir, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String id() {
        return id;
    }

    /** Starts the next series; labels must sort after the previous series' labels. */
    public void startSeries(Labels labels) {
        if (last != null && last.compareTo(labels) >= 0) {
            throw new IllegalArgumentException("series out of order [previous=" + last + ", labels=" + labels + "]");
        }
        last = labels;
        current = new Entry(labels);
        series.add(current);
    }

    /** Appends one {@code XorChunk} ({@code len} bytes of {@code chunk}) of the current series. */
    public void addChunk(long minT, long maxT, byte[] chunk, int len) {
        addChunk(minT, maxT, BlockFiles.ENC_XOR, chunk, len);
    }

    /** Appends one chunk of the current series in encoding {@code enc} ({@link BlockFiles#ENC_XOR} or ENC_BLOCK_XOR). */
    public void addChunk(long minT, long maxT, int enc, byte[] chunk, int len) {
        if (current == null) {
            throw new IllegalStateException("no series started");
        }
        current.add(minT, maxT, writeChunk(enc, chunk, len));
    }

    /** Appends one {@code HistogramChunk} ({@code len} bytes of {@code chunk}) of the current series. */
    public void addHistogramChunk(long minT, long maxT, byte[] chunk, int len) {
        if (current == null) {
            throw new IllegalStateException("no series started");
        }
        if (current.hist == null) {
            current.hist = new Entry(current.labels);
        }
        current.hist.add(minT, maxT, writeChunk(BlockFiles.ENC_HISTOGRAM, chunk, len));
        numHistogramChunks++;
    }

    private long writeChunk(int enc, byte[] chunk, int len) {
        long ref = flushed + buf.length();
        buf.putUvarint(len);
        int start = buf.length();
        buf.putByte(enc).putBytes(chunk, 0, len);
        buf.putInt(Crc32c.of(buf.array(), start, len + 1));
        numChunks++;
        numSamples += XorChunk.count(chunk); // every encoding starts with a uint16 point count
        if (buf.length() >= FLUSH_BYTES) {
            flush();
        }
        return ref;
    }

    private void flush() {
        try {
            ByteBuffer b = ByteBuffer.wrap(buf.array(), 0, buf.length());
            while (b.hasRemaining()) {
                chunks.write(b);
            }
            flushed += buf.length();
            buf.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long numSamples() {
        return numSamples;
    }

    /**
     * Writes index and meta, fsyncs and renames the block into place. Series without chunks are
     * left out. Returns the meta written.
     */
    public BlockMeta commit(long minTime, long maxTime, int level, List<String> sources) {
        try {
            flush();
            chunks.force(true);
            chunks.close();
            List<Entry> kept = new ArrayList<>(series.size());
            for (Entry e : series) {
                if (!e.isEmpty()) {
                    kept.add(e);
                }
            }
            byte[] index = IndexEncoder.encode(kept, numHistogramChunks > 0);
            Files.write(tmp.resolve(BlockFiles.INDEX), index, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            BlockMeta meta = new BlockMeta(id, minTime, maxTime, kept.size(), numChunks, numSamples, level,
                    sources.isEmpty() ? List.of(id) : sources);
            Files.writeString(tmp.resolve(BlockFiles.META), meta.toJson(), StandardCharsets.UTF_8);
            for (String f : List.of(BlockFiles.INDEX, BlockFiles.META)) {
                try (FileChannel ch = FileChannel.open(tmp.resolve(f), StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            BlockFiles.fsyncDir(tmp);
            Files.move(tmp, blocksDir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            BlockFiles.fsyncDir(blocksDir);
            committed = true;
            return meta;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            chunks.close();
        } catch (IOException e) {
            // deleting anyway
        }
        BlockFiles.deleteTree(tmp);
    }

    /** Builds the index file bytes. */
    private static final class IndexEncoder {
        static byte[] encode(List<Entry> series, boolean histograms) {
            TreeSet<String> symSet = new TreeSet<>();
            TreeMap<String, TreeMap<String, int[]>> postings = new TreeMap<>();
            int[] counts = new int[1];
            for (int ord = 0; ord < series.size(); ord++) {
                Labels l = series.get(ord).labels;
                for (int i = 0; i < l.size(); i++) {
                    symSet.add(l.name(i));
                    symSet.add(l.value(i));
                    int[] list = postings.computeIfAbsent(l.name(i), k -> new TreeMap<>()).computeIfAbsent(l.value(i), k -> new int[9]);
                    // list[0] = size, then ordinals; grown by replacing the map value
                    if (list[0] + 1 >= list.length) {
                        int[] grown = Arrays.copyOf(list, list.length * 2);
                        postings.get(l.name(i)).put(l.value(i), grown);
                        list = grown;
                    }
                    list[++list[0]] = ord;
                }
                counts[0]++;
            }
            String[] symbols = symSet.toArray(String[]::new);
            Map<String, Integer> symRef = new HashMap<>(symbols.length * 2);
            for (int i = 0; i < symbols.length; i++) {
                symRef.put(symbols[i], i);
            }
            ByteSink out = new ByteSink(1 << 16);
            // Float-only blocks keep version 1 byte for byte; version 2 adds the histogram chunk list.
            out.putInt(BlockFiles.INDEX_MAGIC).putByte(histograms ? BlockFiles.INDEX_VERSION_HISTOGRAMS : BlockFiles.FORMAT_VERSION)
                    .putByte(0).putByte(0).putByte(0);
            long[] toc = new long[BlockFiles.SECTIONS * 2];

            // 0: symbols
            int start = out.length();
            out.putInt(symbols.length);
            int offs = out.length();
            for (int i = 0; i < symbols.length; i++) {
                out.putInt(0);
            }
            for (int i = 0; i < symbols.length; i++) {
                out.setInt(offs + 4 * i, out.length() - start);
                out.putString(symbols[i]);
            }
            endSection(out, toc, 0, start);

            // 1: series, 2: series offsets
            start = out.length();
            long[] seriesOff = new long[series.size()];
            for (int ord = 0; ord < series.size(); ord++) {
                Entry e = series.get(ord);
                seriesOff[ord] = out.length() - start;
                out.putUvarint(e.labels.size());
                for (int i = 0; i < e.labels.size(); i++) {
                    out.putUvarint(symRef.get(e.labels.name(i))).putUvarint(symRef.get(e.labels.value(i)));
                }
                putMetas(out, e);
                if (histograms) {
                    putMetas(out, e.hist);
                }
            }
            endSection(out, toc, 1, start);
            start = out.length();
            out.putInt(series.size());
            for (long o : seriesOff) {
                out.putLong(o);
            }
            endSection(out, toc, 2, start);

            // 3: postings lists, 4: postings table
            start = out.length();
            List<long[]> table = new ArrayList<>();
            for (Map.Entry<String, TreeMap<String, int[]>> n : postings.entrySet()) {
                for (Map.Entry<String, int[]> v : n.getValue().entrySet()) {
                    table.add(new long[] {symRef.get(n.getKey()), symRef.get(v.getKey()), out.length() - start});
                    int[] list = v.getValue();
                    out.putUvarint(list[0]);
                    int prev = 0;
                    for (int i = 1; i <= list[0]; i++) {
                        out.putUvarint(list[i] - prev);
                        prev = list[i];
                    }
                }
            }
            endSection(out, toc, 3, start);
            start = out.length();
            out.putInt(table.size());
            for (long[] t : table) {
                out.putInt((int) t[0]).putInt((int) t[1]).putLong(t[2]);
            }
            endSection(out, toc, 4, start);

            int tocStart = out.length();
            for (long x : toc) {
                out.putLong(x);
            }
            out.putInt(Crc32c.of(out.array(), tocStart, out.length() - tocStart));
            return out.toByteArray();
        }

        private static void putMetas(ByteSink out, Entry e) {
            if (e == null) {
                out.putUvarint(0);
                return;
            }
            out.putUvarint(e.n);
            for (int c = 0; c < e.n; c++) {
                if (c == 0) {
                    out.putVarint(e.minT[0]).putUvarint(e.maxT[0] - e.minT[0]).putUvarint(e.ref[0]);
                } else {
                    out.putVarint(e.minT[c] - e.maxT[c - 1]).putUvarint(e.maxT[c] - e.minT[c]).putUvarint(e.ref[c] - e.ref[c - 1]);
                }
            }
        }

        private static void endSection(ByteSink out, long[] toc, int section, int start) {
            toc[section * 2] = start;
            toc[section * 2 + 1] = out.length() - start;
            out.putInt(Crc32c.of(out.array(), start, out.length() - start));
        }
    }
}
