package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.Crc32c;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.TraceMerge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes one immutable block file (docs/formats/trace-block.md): a columnar group per trace in
 * trace-id order, the block's string dictionary, the trace-id index, the bloom filter and a
 * fixed footer. Written to {@code .tmp}, forced and renamed, so a block exists whole or not at all.
 */
final class BlockWriter {
    static final int MAGIC = 0x475A5442; // "GZTB"
    static final int VERSION = 1;
    static final int HEADER = 8;
    static final int FOOTER = 48;

    private BlockWriter() {
    }

    /** Writes {@code traces} (any span order within a trace) to {@code target}. */
    static void write(Path target, SortedMap<TraceId, List<Span>> traces) {
        StringDictionary dict = StringDictionary.builder();
        ByteSink data = new ByteSink(1 << 16);
        data.putInt(MAGIC).putByte(VERSION).putByte(0).putByte(0).putByte(0);
        ByteSink index = new ByteSink(traces.size() * 32 + 16);
        index.putUvarint(traces.size());
        BloomFilter bloom = BloomFilter.forCount(traces.size());
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        for (Map.Entry<TraceId, List<Span>> e : traces.entrySet()) {
            List<Span> spans = TraceMerge.merge(e.getValue());
            int off = data.length();
            SpanColumns.encode(spans, dict, data);
            long tMin = Long.MAX_VALUE;
            long tMax = Long.MIN_VALUE;
            for (Span s : spans) {
                tMin = Math.min(tMin, s.startNanos());
                tMax = Math.max(tMax, s.endNanos());
            }
            minStart = Math.min(minStart, tMin);
            maxEnd = Math.max(maxEnd, tMax);
            index.putLong(e.getKey().hi()).putLong(e.getKey().lo())
                    .putUvarint(off).putUvarint(data.length() - off)
                    .putVarint(tMin).putVarint(tMax - tMin).putUvarint(spans.size());
            bloom.add(e.getKey());
        }
        long dictOff = data.length();
        dict.writeTo(data);
        long indexOff = data.length();
        data.putBytes(index.array(), 0, index.length());
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
