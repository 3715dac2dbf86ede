package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.io.Crc32c;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * One opened, immutable block: its dictionary, trace-id index and bloom filter are in memory; a
 * trace's columnar group is decoded on demand. Thread-safe (read-only after open).
 */
final class Block {
    private final Path file;
    private final long seq;
    private final MappedByteBuffer data;
    private final StringDictionary dict;
    private final BloomFilter bloom;
    private final long[] hi;
    private final long[] lo;
    private final int[] offset;
    private final int[] length;
    private final long[] minStart;
    private final long[] maxEnd;
    private final int[] spanCount;
    private final long blockMinStart;
    private final long blockMaxEnd;

    private Block(Path file, long seq, MappedByteBuffer data) {
        this.file = file;
        this.seq = seq;
        this.data = data;
        int len = data.capacity();
        if (len < BlockWriter.HEADER + BlockWriter.FOOTER) {
            throw new CorruptDataException("block shorter than header and footer [bytes=" + len + "]");
        }
        ByteSource head = new ByteSource(slice(0, BlockWriter.HEADER));
        if (head.getInt() != BlockWriter.MAGIC || head.getByte() != BlockWriter.VERSION) {
            throw new CorruptDataException("bad block header");
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
        dict = StringDictionary.read(new ByteSource(slice((int) dictOff, (int) (indexOff - dictOff))));
        ByteSource idx = new ByteSource(slice((int) indexOff, (int) (bloomOff - indexOff)));
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
        bloom = BloomFilter.read(new ByteSource(slice((int) bloomOff, (int) (footStart - bloomOff))));
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

    long minStart() {
        return blockMinStart;
    }

    long maxEnd() {
        return blockMaxEnd;
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

    /** Index position of the trace, or -1. */
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

    TraceId traceId(int i) {
        return new TraceId(hi[i], lo[i]);
    }

    boolean traceOverlaps(int i, long start, long end) {
        return minStart[i] <= end && maxEnd[i] >= start;
    }

    List<Span> spans(int i) {
        return SpanColumns.decode(new ByteSource(slice(offset[i], length[i])), dict);
    }
}
