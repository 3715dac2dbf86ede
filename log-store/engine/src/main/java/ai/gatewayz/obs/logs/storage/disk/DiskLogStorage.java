package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.StorageErrors;
import ai.gatewayz.obs.logs.storage.head.Head;
import ai.gatewayz.obs.logs.storage.head.HeadStream;
import ai.gatewayz.obs.logs.storage.read.EntryBuffer;
import ai.gatewayz.obs.logs.storage.read.PartSource;
import ai.gatewayz.obs.logs.storage.read.PartsQuerier;
import ai.gatewayz.obs.logs.storage.read.StreamPart;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's logs on disk: a WAL (storage-core's SegmentedLog) that every push reaches before it
 * is acknowledged, an in-memory head replayed from it at open, and immutable time-partitioned
 * blocks of compressed chunks that the head is flushed into. {@link #maintain()} flushes by size or
 * age, compacts a partition's blocks into one, and deletes blocks past retention.
 *
 * <p>Thread-safe. Commits share a read lock; the head swap at a flush takes the write lock for a
 * moment; maintenance steps are serialised among themselves.
 */
public final class DiskLogStorage implements LogStorage {
    private static final Logger log = LoggerFactory.getLogger(DiskLogStorage.class);
    private static final String BLOCK_SUFFIX = ".blk";

    private final String tenant;
    private final Path blocksDir;
    private final DiskStorageOptions opts;
    private final Clock clock;
    private final SegmentedLog wal;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock maintenance = new ReentrantLock();
    private final AtomicLong corruptChunks = new AtomicLong();
    private final AtomicLong chunksRead = new AtomicLong();
    private final RecoveryReport recovery;
    private volatile Head head = new Head();
    private volatile List<Head> flushing = List.of();
    private volatile List<Block> blocks = List.of();
    private long blockSeq;
    private volatile boolean closed;

    private DiskLogStorage(String tenant, Path dir, DiskStorageOptions opts, Clock clock) throws IOException {
        this.tenant = tenant;
        this.opts = opts;
        this.clock = clock;
        this.blocksDir = dir.resolve("blocks");
        Files.createDirectories(blocksDir);
        int[] corruptBlocks = {0};
        this.blocks = openBlocks(corruptBlocks);
        this.wal = SegmentedLog.open(dir.resolve("wal"), opts.walSegmentBytes(), opts.fsync());
        long[] counts = new long[3];
        long now = clock.millis();
        Head h = head;
        List<Labels> recStreams = new ArrayList<>();
        List<LogEntry> recEntries = new ArrayList<>();
        wal.read(0, (buf, off, len) -> {
            recStreams.clear();
            recEntries.clear();
            try {
                WalRecords.decode(buf, off, len, (s, t, line, md) -> {
                    recStreams.add(s);
                    recEntries.add(new LogEntry(t, line, md));
                });
                // One WAL record is one acknowledged push: replayed as one commit, or not at all when it does not decode.
                h.commit(recStreams, recEntries, now);
                counts[1] += recEntries.size();
                counts[0]++;
            } catch (CorruptDataException e) {
                counts[2]++;
            }
        });
        this.recovery = new RecoveryReport(wal.lastRepair(), counts[0], counts[1], counts[2], corruptBlocks[0],
                blocks.size());
        if (wal.lastRepair().repaired() || counts[2] > 0 || corruptBlocks[0] > 0) {
            log.warn("log storage recovered damage [tenant={}, walDroppedBytes={}, corruptRecords={}, corruptBlocks={}]",
                    tenant, wal.lastRepair().droppedBytes(), counts[2], corruptBlocks[0]);
        }
    }

    /** Opens (creating) the tenant's directory: verifies blocks, repairs the WAL tail, replays it. */
    public static DiskLogStorage open(String tenant, Path dir, DiskStorageOptions opts, Clock clock) {
        try {
            return new DiskLogStorage(tenant, dir, opts, clock);
        } catch (IOException | UncheckedIOException e) {
            throw StorageErrors.openFailed(tenant, e);
        }
    }

    private List<Block> openBlocks(int[] corrupt) throws IOException {
        List<Block> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(blocksDir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(p); // an unfinished flush or compaction; its data is still in the WAL or the inputs
                    continue;
                }
                if (!name.endsWith(BLOCK_SUFFIX)) {
                    continue;
                }
                long[] id = parseName(name);
                if (id == null) {
                    continue;
                }
                blockSeq = Math.max(blockSeq, id[1]);
                try {
                    out.add(Block.open(p, id[0], corruptChunks, chunksRead));
                } catch (CorruptDataException e) {
                    corrupt[0]++;
                    Path aside = p.resolveSibling(name + ".corrupt");
                    Files.move(p, aside);
                    log.warn("block does not verify, moved aside [tenant={}, block={}, error={}]", tenant, name, e.getMessage());
                }
            }
        }
        return List.copyOf(out);
    }

    private static long[] parseName(String name) {
        String base = name.substring(0, name.length() - BLOCK_SUFFIX.length());
        int dash = base.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(base.substring(0, dash)), Long.parseLong(base.substring(dash + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public RecoveryReport recovery() {
        return recovery;
    }

    /** Chunks that failed verification while being read, since open. */
    public long corruptChunks() {
        return corruptChunks.get();
    }

    /** Chunks read from block files since open (skipped chunks are not read), for pruning tests and metrics. */
    public long chunksRead() {
        return chunksRead.get();
    }

    /** Chunks in all blocks. */
    public long chunkCount() {
        long n = 0;
        for (Block b : blocks) {
            for (Block.BlockStream s : b.streams()) {
                n += s.chunks();
            }
        }
        return n;
    }

    public int blockCount() {
        return blocks.size();
    }

    /** Bytes of block files on disk (WAL excluded). */
    public long blockBytes() {
        long n = 0;
        for (Block b : blocks) {
            n += b.sizeBytes();
        }
        return n;
    }

    public int headStreams() {
        return head.streamCount();
    }

    @Override
    public LogAppender appender() {
        return new Appender();
    }

    private final class Appender implements LogAppender {
        private final List<Labels> streams = new ArrayList<>();
        private final List<LogEntry> entries = new ArrayList<>();

        @Override
        public void append(Labels stream, LogEntry entry) {
            streams.add(stream);
            entries.add(entry);
        }

        @Override
        public void commit() {
            if (entries.isEmpty()) {
                return;
            }
            ByteSink rec = new ByteSink(256 + 64 * entries.size());
            WalRecords.encode(streams, entries, rec);
            lock.readLock().lock();
            try {
                if (closed) {
                    throw StorageErrors.closed(tenant);
                }
                try {
                    wal.append(rec.array(), 0, rec.length());
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw StorageErrors.walWriteFailed(tenant, e);
                }
                head.commit(streams, entries, clock.millis());
            } finally {
                lock.readLock().unlock();
                rollback();
            }
        }

        @Override
        public void rollback() {
            streams.clear();
            entries.clear();
        }
    }

    @Override
    public LogQuerier querier() {
        List<PartSource> sources = new ArrayList<>();
        List<Block> pinned = new ArrayList<>();
        lock.readLock().lock();
        try {
            sources.add(head.snapshot());
            for (Head f : flushing) {
                sources.add(f.snapshot());
            }
            for (Block b : blocks) {
                if (b.acquire()) {
                    pinned.add(b);
                    sources.add(b);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return new PartsQuerier(sources, () -> pinned.forEach(Block::release));
    }

    /** One round of maintenance: flush when due, compact, apply retention. Safe to call at any time. */
    public void maintain() {
        Head h = head;
        long now = clock.millis();
        if (h.bytes() >= opts.headMaxBytes()
                || h.firstAppendMillis() != Long.MAX_VALUE && now - h.firstAppendMillis() >= opts.flushAge().toMillis()) {
            flush();
        }
        compact();
        applyRetention();
    }

    /** Writes the whole head into blocks (one per time partition) and drops the WAL segments it covered. */
    public void flush() {
        maintenance.lock();
        try {
            Head frozen;
            int cut;
            lock.writeLock().lock();
            try {
                if (closed || head.entries() == 0) {
                    return;
                }
                frozen = head;
                head = new Head();
                List<Head> f = new ArrayList<>(flushing);
                f.add(frozen);
                flushing = List.copyOf(f);
                cut = wal.cut();
            } finally {
                lock.writeLock().unlock();
            }
            List<Block> written = writeHead(frozen);
            lock.writeLock().lock();
            try {
                List<Block> all = new ArrayList<>(blocks);
                all.addAll(written);
                blocks = List.copyOf(all);
                List<Head> f = new ArrayList<>(flushing);
                f.remove(frozen);
                flushing = List.copyOf(f);
            } finally {
                lock.writeLock().unlock();
            }
            wal.deleteBefore(cut);
        } catch (IOException e) {
            // The frozen head stays queryable and its WAL segments stay on disk: nothing is lost, the next start replays it.
            log.error("log storage flush failed [tenant={}]", tenant, e);
        } finally {
            maintenance.unlock();
        }
    }

    private List<Block> writeHead(Head frozen) throws IOException {
        long range = opts.blockRange().toNanos();
        TreeMap<Long, List<StreamSlice>> byPartition = new TreeMap<>();
        List<HeadStream> streams = new ArrayList<>(frozen.streams());
        streams.sort(Comparator.comparing(HeadStream::labels));
        for (HeadStream s : streams) {
            EntryBuffer buf = new EntryBuffer();
            s.collect(Long.MIN_VALUE, Long.MAX_VALUE, List.of(), buf);
            buf.sortAndDedupe();
            int i = 0;
            while (i < buf.size()) {
                long p = Math.floorDiv(buf.timestamp(i), range);
                int j = i;
                while (j < buf.size() && Math.floorDiv(buf.timestamp(j), range) == p) {
                    j++;
                }
                byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(new StreamSlice(s.labels(), buf, i, j));
                i = j;
            }
        }
        List<Block> out = new ArrayList<>();
        ChunkCodec codec = new ChunkCodec();
        GramFilter.Builder grams = new GramFilter.Builder();
        for (Map.Entry<Long, List<StreamSlice>> e : byPartition.entrySet()) {
            out.add(writeBlock(e.getKey(), e.getValue(), codec, grams));
        }
        return out;
    }

    private record StreamSlice(Labels labels, EntryBuffer buf, int from, int to) {
    }

    private Block writeBlock(long partition, List<StreamSlice> slices, ChunkCodec codec, GramFilter.Builder grams)
            throws IOException {
        long seq;
        synchronized (this) {
            seq = ++blockSeq;
        }
        Path target = blocksDir.resolve(String.format("%d-%012d%s", partition, seq, BLOCK_SUFFIX));
        try (BlockWriter w = new BlockWriter(target, opts, codec, grams)) {
            for (StreamSlice s : slices) {
                w.addStream(s.labels(), s.buf(), s.from(), s.to());
            }
            w.finish();
        }
        return Block.open(target, partition, corruptChunks, chunksRead);
    }

    /** Merges the blocks of a partition into one when there are enough of them or the partition has closed. */
    public void compact() {
        maintenance.lock();
        try {
            long range = opts.blockRange().toNanos();
            long nowPartition = Math.floorDiv(clock.millis() * 1_000_000L, range);
            TreeMap<Long, List<Block>> byPartition = new TreeMap<>();
            for (Block b : blocks) {
                byPartition.computeIfAbsent(b.partition(), k -> new ArrayList<>()).add(b);
            }
            for (Map.Entry<Long, List<Block>> e : byPartition.entrySet()) {
                List<Block> group = e.getValue();
                boolean closedPartition = e.getKey() < nowPartition;
                if (group.size() >= opts.compactAtBlocks() || closedPartition && group.size() > 1) {
                    compactGroup(e.getKey(), group);
                }
            }
        } catch (IOException e) {
            log.error("log storage compaction failed [tenant={}]", tenant, e);
        } finally {
            maintenance.unlock();
        }
    }

    private void compactGroup(long partition, List<Block> group) throws IOException {
        TreeMap<Labels, List<StreamPart>> byLabels = new TreeMap<>();
        for (Block b : group) {
            for (Block.BlockStream s : b.streams()) {
                byLabels.computeIfAbsent(s.labels(), k -> new ArrayList<>()).add(s);
            }
        }
        List<StreamSlice> slices = new ArrayList<>();
        for (Map.Entry<Labels, List<StreamPart>> e : byLabels.entrySet()) {
            EntryBuffer buf = new EntryBuffer();
            for (StreamPart p : e.getValue()) {
                p.collect(Long.MIN_VALUE, Long.MAX_VALUE, List.of(), buf);
            }
            buf.sortAndDedupe();
            slices.add(new StreamSlice(e.getKey(), buf, 0, buf.size()));
        }
        Block merged = writeBlock(partition, slices, new ChunkCodec(), new GramFilter.Builder());
        replace(group, List.of(merged));
        log.debug("compacted blocks [tenant={}, partition={}, inputs={}]", tenant, partition, group.size());
    }

    private void replace(List<Block> remove, List<Block> add) throws IOException {
        lock.writeLock().lock();
        try {
            List<Block> all = new ArrayList<>(blocks);
            all.removeAll(remove);
            all.addAll(add);
            blocks = List.copyOf(all);
        } finally {
            lock.writeLock().unlock();
        }
        for (Block b : remove) {
            Files.deleteIfExists(b.path()); // open queriers keep reading through their channel
            b.release();
        }
    }

    /** Deletes blocks whose partition ended before now minus the retention period. */
    public void applyRetention() {
        maintenance.lock();
        try {
            long range = opts.blockRange().toNanos();
            long cutoff = (clock.millis() - opts.retention().toMillis()) * 1_000_000L;
            List<Block> expired = new ArrayList<>();
            for (Block b : blocks) {
                if ((b.partition() + 1) * range <= cutoff) {
                    expired.add(b);
                }
            }
            if (!expired.isEmpty()) {
                replace(expired, List.of());
                log.info("retention deleted blocks [tenant={}, blocks={}]", tenant, expired.size());
            }
        } catch (IOException e) {
            log.error("log storage retention failed [tenant={}]", tenant, e);
        } finally {
            maintenance.unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wal.close();
            for (Block b : blocks) {
                b.release();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
