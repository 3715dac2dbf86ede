package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.metrics.tsdb.block.BlockCompactor;
import ai.gatewayz.obs.storage.index.Postings;
import ai.gatewayz.obs.storage.index.PostingsList;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.wal.Checkpoint;
import ai.gatewayz.obs.storage.wal.RepairReport;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * The on-disk time-series database of one tenant: an in-memory head of Gorilla-compressed chunks,
 * made durable by a segmented write-ahead log with checkpoints, and immutable on-disk blocks that
 * the head's older data is cut into and that are compacted level by level.
 *
 * <pre>
 *   Appender ──commit──► head (series, chunks, postings)   under the write lock
 *                 └────► WAL segment record (written before commit returns)
 *   every N segments: cut ─► checkpoint.N (image of the head) ─► delete segments &lt; N
 *   open: checkpoint.N ─► replay segments ≥ N (torn tail repaired and logged)
 *   maintain(): head spans &gt; 1.5 × blockRange ─► oldest aligned range ─► blocks/&lt;id&gt;/ (then dropped
 *               from the head), blocks compacted 2h ─► 6h ─► 18h …, retention by time (Clock) and
 *               size deletes whole blocks and head chunks, then checkpoint (WAL covers the head only)
 *   querier: head snapshot + every block overlapping the range, merged per series, de-duplicated
 * </pre>
 *
 * Thread-safe. Appenders and queriers are not. Formats: docs/formats/wal.md, docs/formats/chunks.md,
 * docs/formats/block.md.
 */
public final class Tsdb implements Storage {
    private static final System.Logger LOG = System.getLogger(Tsdb.class.getName());
    private static final int SERIES_PER_RECORD = 1000;

    final TsdbOptions opts;
    final Clock clock;
    private final Path walDir;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
    final ConcurrentHashMap<Long, MemSeries> byRef = new ConcurrentHashMap<>();
    /** label name → value → series refs; guarded by {@link #lock}. */
    private final HashMap<String, HashMap<String, PostingsList>> postings = new HashMap<>();
    private final PostingsList allPostings = new PostingsList();
    final ConcurrentHashMap<String, Metadata> metadata = new ConcurrentHashMap<>();
    private final AtomicLong nextRef = new AtomicLong(1);
    private final AtomicBoolean checkpointing = new AtomicBoolean();
    final SegmentedLog wal;
    private final WalWriter walWriter;
    private volatile int lastCheckpointSegment;
    private volatile long lastCheckpointBytes;
    private final ReplayStats replayStats;
    private volatile boolean closed;
    final TsdbBlocks blocks;
    private final Object maintenance = new Object();

    /** What opening found: records replayed and what a WAL repair dropped. */
    public record ReplayStats(long series, long samples, long exemplars, long unknownRefs, int checkpoint,
            RepairReport repair, long millis) {
    }

    private Tsdb(Path dir, TsdbOptions opts, Clock clock, java.util.function.UnaryOperator<WalWriter> walDecorator) {
        this.opts = opts;
        this.clock = clock;
        this.walDir = dir.resolve("wal");
        long start = System.nanoTime();
        this.blocks = new TsdbBlocks(dir.resolve("blocks"), clock);
        try {
            Files.createDirectories(walDir);
            int cp = SegmentedLog.latestCheckpoint(walDir);
            this.wal = SegmentedLog.open(walDir, opts.walSegmentBytes(), opts.walFsync());
            this.walWriter = walDecorator.apply(wal::append);
            Replayer r = new Replayer();
            if (cp > 0) {
                Checkpoint.read(walDir, cp, r::accept);
            }
            wal.read(cp, r::accept);
            this.lastCheckpointSegment = cp > 0 ? cp : wal.currentSegment();
            this.replayStats = new ReplayStats(byRef.size(), r.samples, r.exemplars, r.unknownRefs, cp,
                    wal.lastRepair(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RepairReport rep = wal.lastRepair();
        if (rep.repaired()) {
            LOG.log(System.Logger.Level.WARNING, "WAL tail was corrupt and has been repaired [dir=" + walDir
                    + ", segment=" + rep.corruptSegment() + ", droppedBytes=" + rep.droppedBytes()
                    + ", droppedSegments=" + rep.droppedSegments() + ", recordsKept=" + rep.recordsRead() + "]");
        }
        LOG.log(System.Logger.Level.INFO, "TSDB opened [dir=" + dir + ", series=" + replayStats.series()
                + ", samplesReplayed=" + replayStats.samples() + ", checkpoint=" + replayStats.checkpoint()
                + ", blocks=" + blocks.list().size() + ", millis=" + replayStats.millis() + "]");
    }

    /** Opens (creating if needed) the TSDB in {@code dir} and replays its WAL. */
    public static Tsdb open(Path dir, TsdbOptions opts, Clock clock) {
        return new Tsdb(dir, opts, clock, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #open(Path, TsdbOptions, Clock)}, with WAL records going through {@code walDecorator}'s writer. */
    public static Tsdb open(Path dir, TsdbOptions opts, Clock clock, java.util.function.UnaryOperator<WalWriter> walDecorator) {
        return new Tsdb(dir, opts, clock, walDecorator);
    }

    public ReplayStats replayStats() {
        return replayStats;
    }

    public int seriesCount() {
        return byRef.size();
    }

    /** Compressed chunk bytes held by the head. */
    public long chunkBytes() {
        lock.readLock().lock();
        try {
            long b = 0;
            for (MemSeries s : byRef.values()) {
                b += s.chunkBytes();
            }
            return b;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Metas of the persisted blocks, oldest first. */
    public List<ai.gatewayz.obs.metrics.tsdb.block.BlockMeta> blocks() {
        return blocks.list().stream().map(ai.gatewayz.obs.metrics.tsdb.block.Block::meta).toList();
    }

    /** Bytes of the persisted blocks on disk. */
    public long blockBytes() {
        return blocks.bytes();
    }

    /** Bytes of WAL segments and checkpoints on disk. */
    public long walBytes() {
        try (Stream<Path> s = Files.list(walDir)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    long minValidTime() {
        return clock.millis() - opts.retention().toMillis();
    }

    // ---------------------------------------------------------------- series and postings

    /** The series of {@code labels}, created if new (subject to the series limit). */
    MemSeries getOrCreate(Labels labels) {
        MemSeries s = byLabels.get(labels);
        if (s != null) {
            return s;
        }
        if (labels.isEmpty()) {
            throw StorageErrors.invalidLabels(labels, "empty label set");
        }
        lock.writeLock().lock();
        try {
            s = byLabels.get(labels);
            if (s != null) {
                return s;
            }
            if (opts.maxSeries() > 0 && byRef.size() >= opts.maxSeries()) {
                throw StorageErrors.limit(labels, "max_series", opts.maxSeries());
            }
            return createLocked(nextRef.getAndIncrement(), labels);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private MemSeries createLocked(long ref, Labels labels) {
        MemSeries s = new MemSeries(ref, labels);
        byLabels.put(labels, s);
        byRef.put(ref, s);
        nextRef.accumulateAndGet(ref + 1, Math::max);
        for (int i = 0; i < labels.size(); i++) {
            postings.computeIfAbsent(labels.name(i), k -> new HashMap<>())
                    .computeIfAbsent(labels.value(i), k -> new PostingsList()).add(ref);
        }
        allPostings.add(ref);
        return s;
    }

    void removeLocked(MemSeries s) {
        s.removed = true;
        byLabels.remove(s.labels, s);
        byRef.remove(s.ref, s);
        allPostings.remove(s.ref);
        for (int i = 0; i < s.labels.size(); i++) {
            HashMap<String, PostingsList> values = postings.get(s.labels.name(i));
            if (values == null) {
                continue;
            }
            PostingsList pl = values.get(s.labels.value(i));
            if (pl != null) {
                pl.remove(s.ref);
                if (pl.size() == 0) {
                    values.remove(s.labels.value(i));
                    if (values.isEmpty()) {
                        postings.remove(s.labels.name(i));
                    }
                }
            }
        }
    }

    /**
     * Candidate refs for matchers, from the postings of the matchers that cannot match the empty
     * string; the caller still checks every matcher. Call under the read lock.
     */
    long[] candidatesLocked(List<LabelMatcher> matchers) {
        List<long[]> lists = new ArrayList<>();
        for (LabelMatcher m : matchers) {
            if (m.matchesEmpty()) {
                continue;
            }
            HashMap<String, PostingsList> values = postings.get(m.name());
            if (values == null) {
                return Postings.EMPTY;
            }
            String exact = m.type() == LabelMatcher.Type.EQ ? m.value() : null;
            if (exact != null) {
                PostingsList pl = values.get(exact);
                if (pl == null) {
                    return Postings.EMPTY;
                }
                lists.add(pl.snapshot());
            } else {
                List<long[]> union = new ArrayList<>();
                for (Map.Entry<String, PostingsList> e : values.entrySet()) {
                    if (m.matches(e.getKey())) {
                        union.add(e.getValue().snapshot());
                    }
                }
                lists.add(Postings.union(union.toArray(long[][]::new)));
            }
        }
        if (lists.isEmpty()) {
            return allPostings.snapshot();
        }
        return Postings.intersect(lists.toArray(long[][]::new));
    }

    /** Whether head series {@code ref} is live and holds data overlapping {@code [mint, maxt]}. Call under the read lock. */
    private boolean inRangeLocked(long ref, long mint, long maxt) {
        MemSeries s = byRef.get(ref);
        return s != null && !s.hasNoData() && (s.lastT >= mint || s.oooMaxT() >= mint) && s.minT() <= maxt;
    }

    /** {@link #candidatesLocked} narrowed to live series matching every matcher with data in range, sorted. */
    private long[] liveCandidatesLocked(List<LabelMatcher> matchers, long mint, long maxt) {
        long[] c = candidatesLocked(matchers);
        long[] out = new long[c.length];
        int n = 0;
        for (long ref : c) {
            if (inRangeLocked(ref, mint, maxt) && TsdbQuerier.matchesAll(matchers, byRef.get(ref).labels)) {
                out[n++] = ref;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Whether some ref of {@code refs} is live in range, or, with {@code among} non-null, is in it. */
    private boolean anyLocked(long[] refs, long[] among, long mint, long maxt) {
        if (among != null) {
            return Postings.intersect(refs, among).length > 0;
        }
        for (long ref : refs) {
            if (inRangeLocked(ref, mint, maxt)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds to {@code out} the non-empty values of {@code name} in the head, from its postings: a value
     * counts when one of its series is live with data in range and, with matchers, is among the
     * matchers' postings. Call under the read lock.
     */
    void headLabelValuesLocked(String name, List<LabelMatcher> matchers, long mint, long maxt, Set<String> out) {
        HashMap<String, PostingsList> values = postings.get(name);
        if (values == null) {
            return;
        }
        long[] among = matchers.isEmpty() ? null : liveCandidatesLocked(matchers, mint, maxt);
        if (among != null && among.length == 0) {
            return;
        }
        for (Map.Entry<String, PostingsList> e : values.entrySet()) {
            if (!e.getKey().isEmpty() && !out.contains(e.getKey()) && anyLocked(e.getValue().snapshot(), among, mint, maxt)) {
                out.add(e.getKey());
            }
        }
    }

    /**
     * Adds to {@code out} the label names in the head: from the postings table without matchers (a
     * name counts when one of its series is live in range), else from the series the matchers'
     * postings select. Call under the read lock.
     */
    void headLabelNamesLocked(List<LabelMatcher> matchers, long mint, long maxt, Set<String> out) {
        if (!matchers.isEmpty()) {
            for (long ref : liveCandidatesLocked(matchers, mint, maxt)) {
                Labels l = byRef.get(ref).labels;
                for (int i = 0; i < l.size(); i++) {
                    if (!l.value(i).isEmpty()) {
                        out.add(l.name(i));
                    }
                }
            }
            return;
        }
        for (Map.Entry<String, HashMap<String, PostingsList>> n : postings.entrySet()) {
            if (out.contains(n.getKey())) {
                continue;
            }
            for (Map.Entry<String, PostingsList> v : n.getValue().entrySet()) {
                if (!v.getKey().isEmpty() && anyLocked(v.getValue().snapshot(), null, mint, maxt)) {
                    out.add(n.getKey());
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------------- write path

    /** Outcome of applying one sample to a series. */
    enum Applied { APPENDED, OUT_OF_ORDER_STORED, DUPLICATE, REJECTED }

    /**
     * What {@link #applyLocked} would do, without doing it, for a series whose newest sample is at
     * {@code lastT} (float {@code lastBits}, or histogram {@code lastH} when non-null), for a new
     * float ({@code h} null) or histogram sample: lets a commit decide what to log before anything
     * is visible. A float and a histogram at one timestamp are a conflicting duplicate.
     */
    static Applied decide(MemSeries s, long lastT, long lastBits, Histogram lastH, long t, long bits, Histogram h,
            boolean allowOoo) {
        if (t > lastT) {
            return Applied.APPENDED;
        }
        if (t == lastT) {
            return sameSample(lastBits, lastH, bits, h) ? Applied.DUPLICATE : Applied.REJECTED;
        }
        if (h == null && s.hclosed == null) {
            if (s.contains(t, bits)) {
                return Applied.DUPLICATE;
            }
        } else {
            int at = s.sampleAt(t, bits, h);
            if (at != 0) {
                return at == 1 ? Applied.DUPLICATE : Applied.REJECTED;
            }
        }
        return allowOoo ? Applied.OUT_OF_ORDER_STORED : Applied.REJECTED;
    }

    /** Whether the float {@code bits} / histogram {@code h} equals the stored float or histogram sample. */
    static boolean sameSample(long storedBits, Histogram storedH, long bits, Histogram h) {
        return storedH == null ? h == null && storedBits == bits : storedH.equals(h);
    }

    /** Applies a sample (a float, or the histogram {@code h} when non-null) under the write lock. */
    Applied applyLocked(MemSeries s, long t, long bits, Histogram h, boolean allowOoo) {
        Applied a = decide(s, s.lastT, s.lastBits, s.lastH, t, bits, h, allowOoo);
        if (a == Applied.APPENDED) {
            if (h == null) {
                s.appendInOrder(t, bits, opts.chunkPoints());
            } else {
                s.appendHistogramInOrder(t, h, opts.chunkPoints());
            }
        } else if (a == Applied.OUT_OF_ORDER_STORED) {
            if (h == null) {
                s.appendOutOfOrder(t, bits);
            } else {
                s.appendHistogramOutOfOrder(t, h);
            }
        }
        return a;
    }

    /** Writes one WAL record (under the write lock); a failure is a retryable {@link StorageErrors#walWriteFailed}. */
    void logRecord(ByteSink sink) {
        if (sink.length() > 1) {
            try {
                walWriter.append(sink.array(), 0, sink.length());
            } catch (RuntimeException e) {
                throw StorageErrors.walWriteFailed(e);
            }
        }
    }

    @Override
    public Appender appender() {
        checkOpen();
        return new HeadAppender(this);
    }

    /**
     * Checkpoints after {@code checkpointSegments} segments, and not before the WAL written since the
     * last checkpoint is at least as large as that checkpoint: rewriting the head image then costs
     * at most as much I/O again as the ingest itself.
     */
    void afterCommit() {
        int since = wal.currentSegment() - lastCheckpointSegment;
        if (since >= opts.checkpointSegments() && since * opts.walSegmentBytes() >= lastCheckpointBytes) {
            checkpoint();
        }
    }

    // ---------------------------------------------------------------- read path

    @Override
    public Querier querier(long mint, long maxt) {
        checkOpen();
        return new TsdbQuerier(this, mint, maxt);
    }

    @Override
    public List<SeriesExemplars> exemplars(long mint, long maxt, List<List<LabelMatcher>> matcherSets) {
        TreeMap<Labels, List<Exemplar>> out = new TreeMap<>();
        lock.readLock().lock();
        try {
            for (List<LabelMatcher> ms : matcherSets) {
                for (long ref : candidatesLocked(ms)) {
                    MemSeries s = byRef.get(ref);
                    if (s == null || s.exemplars == null || out.containsKey(s.labels) || !TsdbQuerier.matchesAll(ms, s.labels)) {
                        continue;
                    }
                    List<Exemplar> in = s.exemplars.stream()
                            .filter(e -> e.timestampMs() >= mint && e.timestampMs() <= maxt).toList();
                    if (!in.isEmpty()) {
                        out.put(s.labels, in);
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        List<SeriesExemplars> list = new ArrayList<>();
        out.forEach((l, e) -> list.add(new SeriesExemplars(l, e)));
        return list;
    }

    @Override
    public Map<String, List<Metadata>> metadata(String metric, int limit) {
        Map<String, List<Metadata>> out = new TreeMap<>();
        for (Map.Entry<String, Metadata> e : new TreeMap<>(metadata).entrySet()) {
            if (metric != null && !metric.isEmpty() && !metric.equals(e.getKey())) {
                continue;
            }
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            out.put(e.getKey(), List.of(e.getValue()));
        }
        return out;
    }

    // ---------------------------------------------------------------- maintenance

    /**
     * Periodic maintenance: cuts the head's oldest block range into a block while the head spans
     * more than 1.5 × {@code blockRange}, compacts blocks, applies retention by time (now from the
     * injected clock minus {@code retention}; whole blocks, head chunks) and by size (oldest blocks
     * first, then head chunks), then writes a checkpoint so the WAL only carries the head. Returns
     * head series removed.
     */
    public int maintain() {
        checkOpen();
        synchronized (maintenance) {
            int removed = 0;
            long freed = 0;
            int cut = 0;
            cut = compactHead();
            long cutoff = minValidTime();
            int dropped = blocks.deleteBefore(cutoff);
            blocks.compact(BlockCompactor.ranges(opts.blockRange().toMillis(), opts.maxBlockRangeMillis()),
                    opts.blockChunkPoints());
            lock.writeLock().lock();
            try {
                if (opts.retentionBytes() > 0) {
                    dropped += blocks.deleteForSize(opts.retentionBytes(), 2 * headBytesLocked());
                    cutoff = Math.max(cutoff, sizeCutoffLocked(Math.max(0, opts.retentionBytes() - blocks.bytes()) / 2));
                }
                for (MemSeries s : List.copyOf(byRef.values())) {
                    freed += s.truncateBefore(cutoff);
                    if (s.hasNoData()) { // includes series left empty by rolled-back appenders and by a cut
                        removeLocked(s);
                        removed++;
                    }
                }
            } finally {
                lock.writeLock().unlock();
            }
            if (removed > 0 || freed > 0 || cut > 0 || dropped > 0) {
                checkpoint(); // so the WAL stops carrying deleted or persisted data
            } else {
                afterCommit();
            }
            return removed;
        }
    }

    /** Cuts blocks off the head while it spans more than 1.5 block ranges; returns blocks written. */
    private int compactHead() {
        long range = opts.blockRange().toMillis();
        int written = 0;
        for (int guard = 0; guard < 10_000; guard++) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            lock.readLock().lock();
            try {
                for (MemSeries s : byRef.values()) {
                    if (s.hasNoData()) {
                        continue;
                    }
                    min = Math.min(min, s.minT());
                    max = Math.max(max, Math.max(s.lastT, s.oooMaxT()));
                }
            } finally {
                lock.readLock().unlock();
            }
            if (min == Long.MAX_VALUE || max - min <= range / 2 * 3) {
                break;
            }
            long start = Math.floorDiv(min, range) * range;
            if (HeadCompactor.cut(this, blocks, start, start + range) != null) {
                written++;
            }
        }
        return written;
    }

    private long headBytesLocked() {
        long b = 0;
        for (MemSeries s : byRef.values()) {
            b += s.chunkBytes();
        }
        return b;
    }

    /** The oldest time to keep so that chunks fit the size budget (WAL counted as after a checkpoint). */
    private long sizeCutoffLocked(long budget) {
        long total = 0;
        List<ChunkMeta> all = new ArrayList<>();
        for (MemSeries s : byRef.values()) {
            total += s.chunkBytes();
            all.addAll(s.closed);
        }
        // After a checkpoint the WAL holds about one chunk image: the caller passes half of what is left.
        if (total <= budget) {
            return Long.MIN_VALUE;
        }
        all.sort((a, b) -> Long.compare(a.maxT(), b.maxT()));
        long cutoff = Long.MIN_VALUE;
        for (ChunkMeta c : all) {
            if (total <= budget) {
                break;
            }
            total -= c.bytes().length;
            cutoff = c.maxT() + 1;
        }
        return cutoff;
    }

    /** Writes {@code checkpoint.N} with the head's image and deletes segments before N. */
    public void checkpoint() {
        if (!checkpointing.compareAndSet(false, true)) {
            return;
        }
        try {
            int seg;
            List<CheckpointImage> images = new ArrayList<>(byRef.size());
            Map<String, Metadata> md;
            lock.writeLock().lock();
            try {
                seg = wal.cut();
                for (MemSeries s : byRef.values()) {
                    if (s.walLogged) {
                        images.add(s.checkpointImage());
                    }
                }
                md = new HashMap<>(metadata);
            } finally {
                lock.writeLock().unlock();
            }
            ByteSink sink = new ByteSink(1 << 16);
            try (Checkpoint.Writer w = new Checkpoint.Writer(walDir, seg)) {
                sink.reset().putByte(WalRecords.METADATA).putUvarint(md.size());
                md.forEach((f, m) -> WalRecords.putMetadata(sink, f, m));
                w.append(sink.array(), 0, sink.length());
                for (int from = 0; from < images.size(); from += SERIES_PER_RECORD) {
                    int to = Math.min(images.size(), from + SERIES_PER_RECORD);
                    sink.reset().putByte(WalRecords.SERIES).putUvarint(to - from);
                    for (int i = from; i < to; i++) {
                        sink.putUvarint(images.get(i).ref());
                        WalRecords.putLabels(sink, images.get(i).labels());
                    }
                    w.append(sink.array(), 0, sink.length());
                }
                for (CheckpointImage s : images) {
                    long ref = s.ref();
                    sink.reset().putByte(WalRecords.CHUNKS).putUvarint(ref).putUvarint(s.closed().size() + (s.open() != null ? 1 : 0));
                    for (ChunkMeta c : s.closed()) {
                        sink.putVarint(c.minT()).putVarint(c.maxT()).putUvarint(c.bytes().length).putBytes(c.bytes());
                    }
                    if (s.open() != null) {
                        sink.putVarint(s.openMinT()).putVarint(s.openMaxT()).putUvarint(s.open().byteLength());
                        s.open().writeTo(sink);
                    }
                    w.append(sink.array(), 0, sink.length());
                    if (s.oooT() != null) {
                        sink.reset().putByte(WalRecords.OOO).putUvarint(ref).putUvarint(s.oooT().length);
                        for (int j = 0; j < s.oooT().length; j++) {
                            sink.putVarint(s.oooT()[j]).putLong(s.oooBits()[j]);
                        }
                        w.append(sink.array(), 0, sink.length());
                    }
                    if (!s.hchunks().isEmpty()) {
                        sink.reset().putByte(WalRecords.HCHUNKS).putUvarint(ref).putUvarint(s.hchunks().size());
                        for (ChunkMeta c : s.hchunks()) {
                            sink.putVarint(c.minT()).putVarint(c.maxT()).putUvarint(c.bytes().length).putBytes(c.bytes());
                        }
                        w.append(sink.array(), 0, sink.length());
                    }
                    if (s.hooo() != null) {
                        sink.reset().putByte(WalRecords.HOOO).putUvarint(ref).putUvarint(s.hooo().t().length);
                        for (int j = 0; j < s.hooo().t().length; j++) {
                            sink.putVarint(s.hooo().t()[j]);
                            HistogramCodec.write(sink, s.hooo().h()[j], null);
                        }
                        w.append(sink.array(), 0, sink.length());
                    }
                    if (!s.exemplars().isEmpty()) {
                        sink.reset().putByte(WalRecords.EXEMPLARS).putUvarint(s.exemplars().size());
                        for (Exemplar e : s.exemplars()) {
                            WalRecords.putExemplar(sink, ref, e);
                        }
                        w.append(sink.array(), 0, sink.length());
                    }
                }
                w.commit();
            }
            wal.deleteBefore(seg);
            lastCheckpointSegment = seg;
            lastCheckpointBytes = java.nio.file.Files.size(SegmentedLog.checkpointPath(walDir, seg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            checkpointing.set(false);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TSDB is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            checkpoint();
        } finally {
            closed = true;
            wal.close();
        }
    }

    // ---------------------------------------------------------------- replay

    /** Applies WAL and checkpoint records to the head at open time (single-threaded). */
    private final class Replayer {
        private final ByteSource src = new ByteSource(new byte[0]);
        private final Labels.Builder lb = Labels.builder();
        private final Map<Long, MemSeries> alias = new HashMap<>();
        long samples;
        long exemplars;
        long unknownRefs;

        private MemSeries series(long ref) {
            MemSeries s = alias.get(ref);
            if (s == null) {
                unknownRefs++;
            }
            return s;
        }

        void accept(byte[] buf, int off, int len) {
            src.reset(buf, off, len);
            try {
                int type = src.getByte();
                switch (type) {
                    case WalRecords.SERIES -> {
                        int n = src.getUvarintInt();
                        for (int i = 0; i < n; i++) {
                            long ref = src.getUvarint();
                            Labels l = WalRecords.getLabels(src, lb);
                            MemSeries s = byLabels.get(l);
                            if (s == null) {
                                s = createLocked(byRef.containsKey(ref) ? nextRef.getAndIncrement() : ref, l);
                            }
                            s.walLogged = true;
                            alias.put(ref, s);
                        }
                    }
                    case WalRecords.SAMPLES -> {
                        int n = src.getUvarintInt();
                        long base = src.getVarint();
                        for (int i = 0; i < n; i++) {
                            MemSeries s = series(src.getUvarint());
                            long t = base + src.getVarint();
                            long bits = src.getLong();
                            if (s != null) {
                                applyLocked(s, t, bits, null, true);
                                samples++;
                            }
                        }
                    }
                    case WalRecords.HISTOGRAMS -> {
                        int n = src.getUvarintInt();
                        long base = src.getVarint();
                        for (int i = 0; i < n; i++) {
                            MemSeries s = series(src.getUvarint());
                            long t = base + src.getVarint();
                            Histogram h = HistogramCodec.read(src, null);
                            if (s != null) {
                                applyLocked(s, t, 0, h, true);
                                samples++;
                            }
                        }
                    }
                    case WalRecords.HCHUNKS -> {
                        MemSeries s = series(src.getUvarint());
                        int n = src.getUvarintInt();
                        for (int i = 0; i < n; i++) {
                            long minT = src.getVarint();
                            long maxT = src.getVarint();
                            byte[] bytes = src.getBytes(src.getUvarintInt());
                            if (s != null) {
                                s.restoreHistogramChunk(minT, maxT, bytes);
                                samples += HistogramChunk.count(bytes);
                            }
                        }
                    }
                    case WalRecords.HOOO -> {
                        MemSeries s = series(src.getUvarint());
                        int n = src.getUvarintInt();
                        for (int i = 0; i < n; i++) {
                            long t = src.getVarint();
                            Histogram h = HistogramCodec.read(src, null);
                            if (s != null) {
                                s.appendHistogramOutOfOrder(t, h);
                            }
                        }
                    }
                    case WalRecords.EXEMPLARS -> {
                        int n = src.getUvarintInt();
                        long[] ref = new long[1];
                        for (int i = 0; i < n; i++) {
                            Exemplar e = WalRecords.getExemplar(src, ref, lb);
                            MemSeries s = series(ref[0]);
                            if (s != null) {
                                s.addExemplar(e, opts.maxExemplarsPerSeries());
                                exemplars++;
                            }
                        }
                    }
                    case WalRecords.METADATA -> {
                        int n = src.getUvarintInt();
                        for (int i = 0; i < n; i++) {
                            String family = src.getString();
                            metadata.put(family, WalRecords.getMetadata(src));
                        }
                    }
                    case WalRecords.CHUNKS -> {
                        MemSeries s = series(src.getUvarint());
                        int n = src.getUvarintInt();
                        for (int i = 0; i < n; i++) {
                            long minT = src.getVarint();
                            long maxT = src.getVarint();
                            byte[] bytes = src.getBytes(src.getUvarintInt());
                            if (s != null) {
                                s.restoreChunk(minT, maxT, bytes);
                                samples += ai.gatewayz.obs.storage.chunkenc.XorChunk.count(bytes);
                            }
                        }
                    }
                    case WalRecords.OOO -> {
                        MemSeries s = series(src.getUvarint());
                        int n = src.getUvarintInt();
                        for (int i = 0; i < n; i++) {
                            long t = src.getVarint();
                            long bits = src.getLong();
                            if (s != null) {
                                s.appendOutOfOrder(t, bits);
                            }
                        }
                    }
                    default -> throw new CorruptDataException("unknown WAL record type [type=" + type + "]");
                }
            } catch (CorruptDataException e) {
                // The checksum matched, so this is a format defect, not a torn write: stop loudly.
                throw new CorruptDataException("undecodable WAL record: " + e.getMessage());
            }
        }
    }
}
