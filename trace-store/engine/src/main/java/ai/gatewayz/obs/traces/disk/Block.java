package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.io.Crc32c;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.ScanPlan;
import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One opened, immutable block: its dictionary, page table, trace-id index and bloom filter are in
 * memory; span data is decoded on demand. Version 2 blocks hold pages of several traces (a trace
 * read decodes its page; a scan decodes only the columns its plan needs); version 1 blocks (one
 * columnar group per trace, written before the page format) are still read, each trace being a
 * page of its own. Thread-safe (read-only after open).
 */
final class Block {
    private final Path file;
    private final long seq;
    private final int version;
    private final MappedByteBuffer data;
    private final StringDictionary dict;
    private final BloomFilter bloom;
    private final long[] hi;
    private final long[] lo;
    private final long[] minStart;
    private final long[] maxEnd;
    private final int[] spanCount;
    // version 1: per trace; version 2: per page
    private final int[] offset;
    private final int[] length;
    // version 2 only
    private final int[] pageOf;
    private final int[] pageFirst;
    private final long[] pageMin;
    private final long[] pageMax;
    private final long[] pageMaxDuration;
    private final long blockMinStart;
    private final long blockMaxEnd;
    private final long blockMaxStart;
    private volatile Set<String> strings;

    private Block(Path file, long seq, MappedByteBuffer data) {
        this.file = file;
        this.seq = seq;
        this.data = data;
        int len = data.capacity();
        if (len < BlockWriter.HEADER + BlockWriter.FOOTER) {
            throw new CorruptDataException("block shorter than header and footer [bytes=" + len + "]");
        }
        ByteSource head = new ByteSource(slice(0, BlockWriter.HEADER));
        if (head.getInt() != BlockWriter.MAGIC) {
            throw new CorruptDataException("bad block header");
        }
        version = head.getByte();
        if (version != BlockWriter.VERSION_1 && version != BlockWriter.VERSION) {
            throw new CorruptDataException("unknown block version [version=" + version + "]");
        }
        ByteSource foot = new ByteSource(slice(len - BlockWriter.FOOTER, BlockWriter.FOOTER));
        long dictOff = foot.getLong();
        long indexOff = foot.getLong();
        long bloomOff = foot.getLong();
        blockMinStart = foot.getLong();
        blockMaxEnd = foot.getLong();
        int crc = foot.getInt();
        if (foot.getInt() != BlockWriter.MAGIC) {
            throw new CorruptDataException("bad block footer magic");
        }
        if (Crc32c.of(data.slice(0, len - 8)) != crc) {
            throw new CorruptDataException("block checksum mismatch");
        }
        int footStart = len - BlockWriter.FOOTER;
        if (!(BlockWriter.HEADER <= dictOff && dictOff <= indexOff && indexOff <= bloomOff && bloomOff <= footStart)) {
            throw new CorruptDataException("block section offsets out of order");
        }
        byte[] dictBytes = slice((int) dictOff, (int) (indexOff - dictOff));
        byte[] idxBytes = slice((int) indexOff, (int) (bloomOff - indexOff));
        if (version == BlockWriter.VERSION) {
            dictBytes = inflate(new ByteSource(dictBytes), "dictionary");
            idxBytes = inflate(new ByteSource(idxBytes), "index");
        }
        dict = StringDictionary.read(new ByteSource(dictBytes));
        ByteSource idx = new ByteSource(idxBytes);
        if (version == BlockWriter.VERSION_1) {
            int n = idx.getUvarintInt();
            if (n > idx.remaining() / 16) {
                throw new CorruptDataException("index count too large [count=" + n + "]");
            }
            hi = new long[n];
            lo = new long[n];
            offset = new int[n];
            length = new int[n];
            minStart = new long[n];
            maxEnd = new long[n];
            spanCount = new int[n];
            for (int i = 0; i < n; i++) {
                hi[i] = idx.getLong();
                lo[i] = idx.getLong();
                offset[i] = idx.getUvarintInt();
                length[i] = idx.getUvarintInt();
                minStart[i] = idx.getVarint();
                maxEnd[i] = minStart[i] + idx.getVarint();
                spanCount[i] = idx.getUvarintInt();
                if (offset[i] < BlockWriter.HEADER || (long) offset[i] + length[i] > dictOff) {
                    throw new CorruptDataException("index entry points outside the data [entry=" + i + "]");
                }
            }
            pageOf = null;
            pageFirst = null;
            pageMin = null;
            pageMax = null;
            pageMaxDuration = null;
        } else {
            int p = idx.getUvarintInt();
            if (p > idx.remaining() / 6) {
                throw new CorruptDataException("page count too large [count=" + p + "]");
            }
            offset = new int[p];
            length = new int[p];
            pageFirst = new int[p + 1];
            pageMin = new long[p];
            pageMax = new long[p];
            pageMaxDuration = new long[p];
            for (int i = 0; i < p; i++) {
                offset[i] = idx.getUvarintInt();
                length[i] = idx.getUvarintInt();
                pageFirst[i + 1] = pageFirst[i] + idx.getUvarintInt();
                pageMin[i] = idx.getVarint();
                pageMax[i] = pageMin[i] + idx.getVarint();
                pageMaxDuration[i] = idx.getUvarint();
                if (offset[i] < BlockWriter.HEADER || (long) offset[i] + length[i] > dictOff) {
                    throw new CorruptDataException("page entry points outside the data [page=" + i + "]");
                }
            }
            int n = idx.getUvarintInt();
            if (n != pageFirst[p] || n > idx.remaining() / 16) {
                throw new CorruptDataException("trace count disagrees with the page table [count=" + n + "]");
            }
            hi = new long[n];
            lo = new long[n];
            minStart = new long[n];
            maxEnd = new long[n];
            spanCount = new int[n];
            pageOf = new int[n];
            for (int i = 0; i < n; i++) {
                hi[i] = idx.getLong();
                lo[i] = idx.getLong();
            }
            for (int i = 0; i < n; i++) {
                spanCount[i] = idx.getUvarintInt();
            }
            for (int i = 0; i < n; i++) {
                minStart[i] = blockMinStart + idx.getVarint();
            }
            for (int i = 0; i < n; i++) {
                maxEnd[i] = minStart[i] + idx.getVarint();
            }
            for (int i = 0; i < p; i++) {
                Arrays.fill(pageOf, pageFirst[i], pageFirst[i + 1], i);
            }
        }
        bloom = BloomFilter.read(new ByteSource(slice((int) bloomOff, (int) (footStart - bloomOff))));
        long ms = Long.MIN_VALUE;
        for (long m : minStart) {
            ms = Math.max(ms, m);
        }
        blockMaxStart = ms;
    }

    private static byte[] inflate(ByteSource in, String section) {
        int raw = in.getUvarintInt();
        int stored = in.getUvarintInt();
        if (stored > in.remaining() || raw < 0 || raw > (1 << 30)) {
            throw new CorruptDataException("block section overruns the block [section=" + section + "]");
        }
        byte[] src = in.getBytes(stored);
        if (stored == raw) {
            return src;
        }
        byte[] dst = new byte[raw];
        long got = Zstd.decompressByteArray(dst, 0, raw, src, 0, stored);
        if (Zstd.isError(got) || got != raw) {
            throw new CorruptDataException("block section does not decompress [section=" + section + "]");
        }
        return dst;
    }

    private byte[] slice(int off, int len) {
        byte[] b = new byte[len];
        data.get(off, b, 0, len);
        return b;
    }

    /**
     * Opens and verifies a block file; throws CorruptDataException when it is damaged. The file is
     * memory-mapped: only the dictionary, index and bloom filter are copied to the heap.
     */
    static Block open(Path file, long seq) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new CorruptDataException("block larger than 2 GiB [bytes=" + ch.size() + "]");
            }
            return new Block(file, seq, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    long seq() {
        return seq;
    }

    int version() {
        return version;
    }

    long minStart() {
        return blockMinStart;
    }

    long maxEnd() {
        return blockMaxEnd;
    }

    /** The latest first-span start of any trace in the block: no trace here starts later. */
    long maxStart() {
        return blockMaxStart;
    }

    int traceCount() {
        return hi.length;
    }

    long bytes() {
        return data.capacity();
    }

    long spanCount() {
        long n = 0;
        for (int c : spanCount) {
            n += c;
        }
        return n;
    }

    boolean overlaps(long start, long end) {
        return blockMinStart <= end && blockMaxEnd >= start;
    }

    boolean mightContain(TraceId id) {
        return bloom.mightContain(id);
    }

    /** Whether the block's dictionary holds every one of {@code required} (a span can only equal a string it holds). */
    boolean holdsAll(List<String> required) {
        if (required.isEmpty()) {
            return true;
        }
        Set<String> s = strings;
        if (s == null) {
            s = new HashSet<>(dict.size() * 2);
            for (int i = 0; i < dict.size(); i++) {
                s.add(dict.get(i));
            }
            strings = s;
        }
        return s.containsAll(required);
    }

    /** Index position of the trace, or -1: the bloom filter, then a binary search of the sorted ids. */
    int find(TraceId id) {
        if (!bloom.mightContain(id)) {
            return -1;
        }
        int l = 0;
        int h = hi.length - 1;
        while (l <= h) {
            int m = (l + h) >>> 1;
            int c = Long.compareUnsigned(hi[m], id.hi());
            if (c == 0) {
                c = Long.compareUnsigned(lo[m], id.lo());
            }
            if (c == 0) {
                return m;
            }
            if (c < 0) {
                l = m + 1;
            } else {
                h = m - 1;
            }
        }
        return -1;
    }

    /** Sorted trace ids, high halves then low halves, for merging with other blocks. */
    long hi(int i) {
        return hi[i];
    }

    long lo(int i) {
        return lo[i];
    }

    TraceId traceId(int i) {
        return new TraceId(hi[i], lo[i]);
    }

    boolean traceOverlaps(int i, long start, long end) {
        return minStart[i] <= end && maxEnd[i] >= start;
    }

    List<Span> spans(int i) {
        if (version == BlockWriter.VERSION_1) {
            return SpanColumns.decode(new ByteSource(slice(offset[i], length[i])), dict);
        }
        int p = pageOf[i];
        boolean[] want = new boolean[pageFirst[p + 1] - pageFirst[p]];
        want[i - pageFirst[p]] = true;
        return decodePage(p, want, ScanPlan.FULL)[i - pageFirst[p]];
    }

    /** Pages: a version-1 block has one per trace. */
    int pageCount() {
        return version == BlockWriter.VERSION_1 ? hi.length : offset.length;
    }

    /** The page holding trace {@code i}. */
    int pageOfTrace(int i) {
        return version == BlockWriter.VERSION_1 ? i : pageOf[i];
    }

    /** First trace (index position) of page {@code p}; traces of a page are consecutive. */
    int pageFirstTrace(int p) {
        return version == BlockWriter.VERSION_1 ? p : pageFirst[p];
    }

    int pageEndTrace(int p) {
        return version == BlockWriter.VERSION_1 ? p + 1 : pageFirst[p + 1];
    }

    /** Whether page {@code p} may hold a span overlapping the bounds that lasts at least {@code minDuration}. */
    boolean pageMayMatch(int p, long start, long end, long minDuration) {
        if (version == BlockWriter.VERSION_1) {
            return traceOverlaps(p, start, end);
        }
        return pageMin[p] <= end && pageMax[p] >= start && pageMaxDuration[p] >= minDuration;
    }

    /** Decodes the traces of page {@code p} with {@code want} (null = all), fields per {@code plan}; null where not wanted. */
    List<Span>[] decodePage(int p, boolean[] want, ScanPlan plan) {
        if (version == BlockWriter.VERSION_1) {
            @SuppressWarnings("unchecked")
            List<Span>[] one = new List[] {spans(p)};
            return one;
        }
        int from = pageFirst[p];
        int n = pageFirst[p + 1] - from;
        TraceId[] ids = new TraceId[n];
        int[] counts = new int[n];
        long[] starts = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = new TraceId(hi[from + i], lo[from + i]);
            counts[i] = spanCount[from + i];
            starts[i] = minStart[from + i];
        }
        return PageColumns.decode(slice(offset[p], length[p]), dict, ids, counts, starts, want, plan);
    }
}
