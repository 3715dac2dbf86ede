package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.Crc32c;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.TraceMerge;
import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes one immutable block file (docs/formats/trace-block.md, version 2): pages of columnar,
 * zstd-compressed spans of consecutive traces in trace-id order, the block's string dictionary,
 * the page table and trace-id index, the bloom filter and a fixed footer. Written to {@code .tmp}, forced and renamed, so a block exists whole or not at all.
 */
final class BlockWriter {
    static final int MAGIC = 0x475A5442; // "GZTB"
    static final int VERSION_1 = 1;
    static final int VERSION = 2;
    /** zstd level of cut blocks; compaction may choose another. */
    static final int DEFAULT_LEVEL = 3;
    /**
     * zstd level of blocks written by compaction. Level 9 saved 5 % of the bytes (14.1 against 14.8 B/span) for
     * 17 times the CPU of a cut (docs/benchmarks.md), so compaction uses the cut's level.
     */
    static final int COMPACTION_LEVEL = 3;
    static final int HEADER = 8;
    static final int FOOTER = 48;

    private BlockWriter() {
    }

    /** A section as {@code rawLen:uvarint · storedLen:uvarint · bytes} (zstd unless storedLen == rawLen). */
    private static void putCompressed(ByteSink raw, int level, ByteSink out) {
        byte[] dst = new byte[(int) Zstd.compressBound(raw.length())];
        long len = Zstd.compressByteArray(dst, 0, dst.length, raw.array(), 0, raw.length(), level);
        if (Zstd.isError(len)) {
            throw new IllegalStateException("zstd compression failed [error=" + Zstd.getErrorName(len) + "]");
        }
        if (len >= raw.length()) {
            out.putUvarint(raw.length()).putUvarint(raw.length()).putBytes(raw.array(), 0, raw.length());
        } else {
            out.putUvarint(raw.length()).putUvarint(len).putBytes(dst, 0, (int) len);
        }
    }

    /** Writes {@code traces} (any span order within a trace) to {@code target} at the default zstd level. */
    static void write(Path target, SortedMap<TraceId, List<Span>> traces) {
        write(target, traces, DEFAULT_LEVEL);
    }

    /** Writes a version-2 block: pages of about {@link PageColumns#TARGET_SPANS} spans, columns zstd-compressed at {@code level}. */
    static void write(Path target, SortedMap<TraceId, List<Span>> traces, int level) {
        StringDictionary dict = StringDictionary.builder();
        ByteSink data = new ByteSink(1 << 16);
        data.putInt(MAGIC).putByte(VERSION).putByte(0).putByte(0).putByte(0);
        int n = traces.size();
        long[] hi = new long[n];
        long[] lo = new long[n];
        int[] counts = new int[n];
        long[] tMin = new long[n];
        long[] tMax = new long[n];
        ByteSink pages = new ByteSink(256);
        int pageCount = 0;
        BloomFilter bloom = BloomFilter.forCount(n);
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        List<List<Span>> page = new ArrayList<>();
        int pageSpans = 0;
        int t = 0;
        int pageFirst = 0;
        for (Map.Entry<TraceId, List<Span>> e : traces.entrySet()) {
            List<Span> spans = TraceMerge.merge(e.getValue());
            hi[t] = e.getKey().hi();
            lo[t] = e.getKey().lo();
            counts[t] = spans.size();
            tMin[t] = spans.getFirst().startNanos();
            long mx = Long.MIN_VALUE;
            for (Span s : spans) {
                mx = Math.max(mx, s.endNanos());
            }
            tMax[t] = mx;
            minStart = Math.min(minStart, tMin[t]);
            maxEnd = Math.max(maxEnd, mx);
            bloom.add(e.getKey());
            page.add(spans);
            pageSpans += spans.size();
            t++;
            if (pageSpans >= PageColumns.TARGET_SPANS || t == n) {
                int off = data.length();
                PageColumns.Stats st = PageColumns.encode(page, dict, level, data);
                pages.putUvarint(off).putUvarint(data.length() - off).putUvarint(t - pageFirst)
                        .putVarint(st.minStart()).putVarint(st.maxEnd() - st.minStart()).putUvarint(st.maxDuration());
                pageCount++;
                pageFirst = t;
                page.clear();
                pageSpans = 0;
            }
        }
        long dictOff = data.length();
        ByteSink rawDict = new ByteSink(1 << 12);
        dict.writeTo(rawDict);
        putCompressed(rawDict, level, data);
        long indexOff = data.length();
        ByteSink index = new ByteSink(n * 32 + 64);
        index.putUvarint(pageCount).putBytes(pages.array(), 0, pages.length());
        index.putUvarint(n);
        for (int i = 0; i < n; i++) {
            index.putLong(hi[i]).putLong(lo[i]);
        }
        for (int i = 0; i < n; i++) {
            index.putUvarint(counts[i]);
        }
        for (int i = 0; i < n; i++) {
            index.putVarint(tMin[i] - (n == 0 ? 0 : minStart));
        }
        for (int i = 0; i < n; i++) {
            index.putVarint(tMax[i] - tMin[i]);
        }
        putCompressed(index, level, data);
        long bloomOff = data.length();
        bloom.writeTo(data);
        data.putLong(dictOff).putLong(indexOff).putLong(bloomOff).putLong(minStart).putLong(maxEnd);
        data.putInt(Crc32c.of(data.array(), 0, data.length())).putInt(MAGIC);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer bb = ByteBuffer.wrap(data.array(), 0, data.length());
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
