package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.index.Postings;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32C;

/**
 * A persisted, immutable block opened for reading. The index and chunks files are memory-mapped
 * (an automatic arena: the mapping lives as long as this object is reachable, so a querier that
 * still holds a block keeps reading it after the directory was deleted); nothing but decoded
 * symbols is copied onto the heap. Every index section's CRC32C is verified at open, a chunk's at
 * each read. Thread-safe. Format: docs/formats/block.md.
 */
public final class Block {
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    private final Path dir;
    private final BlockMeta meta;
    private final MemorySegment index;
    private final MemorySegment chunks;
    private final String indexFile;
    private final String chunksFile;
    private final long sizeBytes;
    private final long symStart;
    private final int numSymbols;
    private final long seriesStart;
    private final long offsetsStart;
    private final int numSeries;
    private final long postingsStart;
    private final long tableStart;
    private final int tableEntries;
    private final AtomicReferenceArray<String> symCache;
    private final int indexVersion;

    private Block(Path dir) throws IOException {
        this.dir = dir;
        Path metaPath = dir.resolve(BlockFiles.META);
        this.meta = BlockMeta.parse(Files.readString(metaPath, StandardCharsets.UTF_8), metaPath.toString());
        this.indexFile = dir.resolve(BlockFiles.INDEX).toString();
        this.chunksFile = dir.resolve(BlockFiles.CHUNKS).toString();
        this.index = map(dir.resolve(BlockFiles.INDEX));
        this.chunks = map(dir.resolve(BlockFiles.CHUNKS));
        this.sizeBytes = BlockFiles.sizeOf(dir);
        checkHeader(chunks, BlockFiles.CHUNKS_MAGIC, chunksFile, BlockFiles.FORMAT_VERSION);
        this.indexVersion = checkHeader(index, BlockFiles.INDEX_MAGIC, indexFile, BlockFiles.INDEX_VERSION_HISTOGRAMS);
        long size = index.byteSize();
        if (size < BlockFiles.HEADER_BYTES + BlockFiles.TOC_BYTES) {
            throw new CorruptDataException("index too short [file=" + indexFile + ", size=" + size + "]");
        }
        long tocAt = size - BlockFiles.TOC_BYTES;
        SegmentCursor c = new SegmentCursor(index, indexFile);
        verifyCrc(tocAt, BlockFiles.SECTIONS * 16, "toc");
        long[] toc = new long[BlockFiles.SECTIONS * 2];
        c.at(tocAt);
        for (int i = 0; i < toc.length; i++) {
            toc[i] = c.getLong();
        }
        String[] names = {"symbols", "series", "series-offsets", "postings", "postings-table"};
        for (int s = 0; s < BlockFiles.SECTIONS; s++) {
            long off = toc[2 * s];
            long len = toc[2 * s + 1];
            if (off < BlockFiles.HEADER_BYTES || len < 0 || off + len + 4 > tocAt) {
                throw new CorruptDataException("index section out of range [file=" + indexFile + ", section=" + names[s]
                        + ", offset=" + off + ", length=" + len + "]");
            }
            verifyCrc(off, len, names[s]);
        }
        symStart = toc[0];
        numSymbols = c.at(symStart).getInt();
        seriesStart = toc[2];
        offsetsStart = toc[4];
        numSeries = c.at(offsetsStart).getInt();
        postingsStart = toc[6];
        tableStart = toc[8];
        tableEntries = c.at(tableStart).getInt();
        if (numSeries != meta.numSeries() || numSymbols < 0 || tableEntries < 0
                || 4L + 4L * numSymbols > toc[1] || 4L + 8L * numSeries > toc[5] || 4L + 16L * tableEntries > toc[9]) {
            throw new CorruptDataException("index counts inconsistent [file=" + indexFile + ", series=" + numSeries
                    + ", metaSeries=" + meta.numSeries() + ", symbols=" + numSymbols + ", postings=" + tableEntries + "]");
        }
        symCache = new AtomicReferenceArray<>(numSymbols);
    }

    /** Opens the block in {@code dir}, verifying headers and every index section's checksum. */
    public static Block open(Path dir) {
        try {
            return new Block(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MemorySegment map(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), Arena.ofAuto());
        }
    }

    /** Checks magic and version (1..{@code maxVersion}); returns the version. */
    private static int checkHeader(MemorySegment seg, int magic, String file, int maxVersion) {
        if (seg.byteSize() < BlockFiles.HEADER_BYTES) {
            throw new CorruptDataException("file too short [file=" + file + ", offset=0]");
        }
        int m = seg.get(SegmentCursor.INT_BE, 0);
        int v = seg.get(ValueLayout.JAVA_BYTE, 4);
        if (m != magic) {
            throw new CorruptDataException("bad magic [file=" + file + ", offset=0, magic=" + Integer.toHexString(m) + "]");
        }
        if (v < BlockFiles.FORMAT_VERSION || v > maxVersion) {
            throw new CorruptDataException("unsupported version [file=" + file + ", offset=4, version=" + v + "]");
        }
        return v;
    }

    private void verifyCrc(long off, long len, String section) {
        int want = index.get(SegmentCursor.INT_BE, off + len);
        int got = crc(index, off, len);
        if (want != got) {
            throw new CorruptDataException("index section checksum mismatch [file=" + indexFile + ", section=" + section
                    + ", offset=" + off + ", length=" + len + "]");
        }
    }

    private static int crc(MemorySegment seg, long off, long len) {
        CRC32C c = CRC.get();
        c.reset();
        c.update(seg.asSlice(off, len).asByteBuffer());
        return (int) c.getValue();
    }

    public BlockMeta meta() {
        return meta;
    }

    public Path dir() {
        return dir;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public int numSeries() {
        return numSeries;
    }

    // ---------------------------------------------------------------- symbols

    String symbol(int ref) {
        if (ref < 0 || ref >= numSymbols) {
            throw new CorruptDataException("symbol reference out of range [file=" + indexFile + ", ref=" + ref + "]");
        }
        String s = symCache.get(ref);
        if (s == null) {
            SegmentCursor c = new SegmentCursor(index, indexFile);
            int off = c.at(symStart + 4 + 4L * ref).getInt();
            s = c.at(symStart + off).getString();
            symCache.set(ref, s);
        }
        return s;
    }

    /** The reference of {@code s}, or -1 when the block has no such symbol. */
    int symbolRef(String s) {
        int lo = 0;
        int hi = numSymbols - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = symbol(mid).compareTo(s);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- postings

    private int tableName(int i) {
        return index.get(SegmentCursor.INT_BE, tableStart + 4 + 16L * i);
    }

    private int tableValue(int i) {
        return index.get(SegmentCursor.INT_BE, tableStart + 8 + 16L * i);
    }

    private long[] postingsAt(int entry) {
        long off = index.get(SegmentCursor.LONG_BE, tableStart + 12 + 16L * entry);
        SegmentCursor c = new SegmentCursor(index, indexFile).at(postingsStart + off);
        int n = c.getUvarintInt();
        long[] out = new long[n];
        long prev = 0;
        for (int i = 0; i < n; i++) {
            prev += c.getUvarint();
            if (prev >= numSeries) {
                throw c.corrupt("series ordinal out of range in postings", c.position());
            }
            out[i] = prev;
        }
        return out;
    }

    /** First table entry whose (name, value) is at or after (nameRef, valueRef). */
    private int lowerBound(int nameRef, int valueRef) {
        int lo = 0;
        int hi = tableEntries;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int n = tableName(mid);
            if (n < nameRef || (n == nameRef && tableValue(mid) < valueRef)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Series ordinals having label {@code name=value}, sorted. */
    public long[] postings(String name, String value) {
        int n = symbolRef(name);
        int v = n < 0 ? -1 : symbolRef(value);
        if (v < 0) {
            return Postings.EMPTY;
        }
        int i = lowerBound(n, v);
        return i < tableEntries && tableName(i) == n && tableValue(i) == v ? postingsAt(i) : Postings.EMPTY;
    }

    /** Distinct values of label {@code name} in this block, sorted. */
    public List<String> labelValues(String name) {
        List<String> out = new ArrayList<>();
        int n = symbolRef(name);
        if (n < 0) {
            return out;
        }
        for (int i = lowerBound(n, 0); i < tableEntries && tableName(i) == n; i++) {
            out.add(symbol(tableValue(i)));
        }
        return out;
    }

    /**
     * Values of label {@code name} having a series among {@code ords} (sorted ordinals), sorted: each
     * value's postings intersected with {@code ords}.
     */
    public List<String> labelValues(String name, long[] ords) {
        List<String> out = new ArrayList<>();
        int n = symbolRef(name);
        if (n < 0 || ords.length == 0) {
            return out;
        }
        for (int i = lowerBound(n, 0); i < tableEntries && tableName(i) == n; i++) {
            if (Postings.intersect(postingsAt(i), ords).length > 0) {
                out.add(symbol(tableValue(i)));
            }
        }
        return out;
    }

    /** Distinct label names in this block, sorted, from the postings table (one jump per name). */
    public List<String> labelNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tableEntries; ) {
            int n = tableName(i);
            out.add(symbol(n));
            i = lowerBound(n + 1, 0);
        }
        return out;
    }

    /**
     * Candidate ordinals for matchers, from the postings of the matchers that cannot match the
     * empty string; the caller still checks every matcher against the series labels.
     */
    public long[] candidates(List<LabelMatcher> matchers) {
        List<long[]> lists = new ArrayList<>();
        for (LabelMatcher m : matchers) {
            if (m.matchesEmpty()) {
                continue;
            }
            if (m.type() == LabelMatcher.Type.EQ) {
                long[] p = postings(m.name(), m.value());
                if (p.length == 0) {
                    return Postings.EMPTY;
                }
                lists.add(p);
                continue;
            }
            int n = symbolRef(m.name());
            if (n < 0) {
                return Postings.EMPTY;
            }
            List<long[]> union = new ArrayList<>();
            for (int i = lowerBound(n, 0); i < tableEntries && tableName(i) == n; i++) {
                if (m.matches(symbol(tableValue(i)))) {
                    union.add(postingsAt(i));
                }
            }
            if (union.isEmpty()) {
                return Postings.EMPTY;
            }
            lists.add(union.size() == 1 ? union.getFirst() : Postings.union(union.toArray(long[][]::new)));
        }
        if (lists.isEmpty()) {
            long[] all = new long[numSeries];
            for (int i = 0; i < numSeries; i++) {
                all[i] = i;
            }
            return all;
        }
        return Postings.intersect(lists.toArray(long[][]::new));
    }

    // ---------------------------------------------------------------- series and chunks

    /** Labels and chunk metas of the series with ordinal {@code ord}. */
    public BlockSeries series(long ord) {
        if (ord < 0 || ord >= numSeries) {
            throw new CorruptDataException("series ordinal out of range [file=" + indexFile + ", ordinal=" + ord + "]");
        }
        SegmentCursor c = new SegmentCursor(index, indexFile);
        long off = c.at(offsetsStart + 4 + 8 * ord).getLong();
        c.at(seriesStart + off, offsetsStart);
        int nl = c.getUvarintInt();
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < nl; i++) {
            String name = symbol(c.getUvarintInt());
            b.set(name, symbol(c.getUvarintInt()));
        }
        long[][] f = chunkMetas(c);
        Labels labels = b.build();
        if (indexVersion < BlockFiles.INDEX_VERSION_HISTOGRAMS) {
            return new BlockSeries(this, labels, f[0], f[1], f[2]);
        }
        long[][] h = chunkMetas(c);
        return new BlockSeries(this, labels, f[0], f[1], f[2], h[0], h[1], h[2]);
    }

    /** One chunk meta list: {minT, maxT, refs}. */
    private static long[][] chunkMetas(SegmentCursor c) {
        int nc = c.getUvarintInt();
        long[] minT = new long[nc];
        long[] maxT = new long[nc];
        long[] refs = new long[nc];
        for (int i = 0; i < nc; i++) {
            if (i == 0) {
                minT[0] = c.getVarint();
                maxT[0] = minT[0] + c.getUvarint();
                refs[0] = c.getUvarint();
            } else {
                minT[i] = maxT[i - 1] + c.getVarint();
                maxT[i] = minT[i] + c.getUvarint();
                refs[i] = refs[i - 1] + c.getUvarint();
            }
        }
        return new long[][] {minT, maxT, refs};
    }

    /**
     * Copies the chunk at {@code ref} into {@code out[0]} (replaced by a larger array when too
     * small), after checking its CRC; returns {@code encoding << 32 | length}.
     */
    public long readChunk(long ref, byte[][] out) {
        SegmentCursor c = new SegmentCursor(chunks, chunksFile);
        if (ref < BlockFiles.HEADER_BYTES || ref >= chunks.byteSize()) {
            throw c.corrupt("chunk reference out of range", ref);
        }
        c.at(ref);
        int len = c.getUvarintInt();
        long encAt = c.position();
        if (encAt + 1 + len + 4 > chunks.byteSize()) {
            throw c.corrupt("chunk runs past end of file", ref);
        }
        int enc = c.getByte();
        int want = chunks.get(SegmentCursor.INT_BE, encAt + 1 + len);
        if (crc(chunks, encAt, len + 1) != want) {
            throw c.corrupt("chunk checksum mismatch", ref);
        }
        if (enc < BlockFiles.ENC_XOR || enc > BlockFiles.ENC_HISTOGRAM) {
            throw c.corrupt("unknown chunk encoding " + enc, ref);
        }
        out[0] = c.getBytes(len, out[0]);
        return ((long) enc << 32) | len;
    }

    @Override
    public String toString() {
        return "Block[" + meta.id() + " " + meta.minTime() + ".." + meta.maxTime() + " level=" + meta.level() + "]";
    }
}
