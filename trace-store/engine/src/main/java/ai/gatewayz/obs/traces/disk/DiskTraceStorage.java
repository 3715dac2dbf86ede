package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.ScanPlan;
import ai.gatewayz.obs.traces.storage.StorageErrors;
import ai.gatewayz.obs.traces.storage.TraceMerge;
import ai.gatewayz.obs.traces.storage.TraceStorage;
import ai.gatewayz.obs.traces.storage.TraceVisitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Trace storage on disk. An append is framed into the WAL ({@link SegmentedLog}) before it is
 * acknowledged; its spans join live traces held in memory. {@link #maintain()} cuts traces that
 * went idle (by the injected clock) into an immutable block per tenant, drops WAL segments no
 * live trace needs any more, compacts blocks of one time window (merging the spans of a trace
 * that reached several blocks) and deletes blocks older than the tenant's retention.
 *
 * <p>Thread-safe: appends and the live map share one lock; queries copy what they need from the
 * live map under it and read blocks (immutable, memory-mapped) without it. One thread runs
 * {@link #maintain()}.
 */
public final class DiskTraceStorage implements TraceStorage {
    private static final String BLOCK_SUFFIX = ".gzt";

    private final DiskOptions options;
    private final Clock clock;
    private final SegmentedLog wal;
    private final Path blocksDir;
    private final Object lock = new Object();
    private final Map<String, Map<TraceId, LiveTrace>> live = new HashMap<>();
    // Traces being written to a block: still visible to queries until the block is published.
    private final Map<String, Map<TraceId, List<Span>>> flushing = new ConcurrentHashMap<>();
    private final Map<String, CopyOnWriteArrayList<Block>> blocks = new ConcurrentHashMap<>();
    private final ByteSink walBuf = new ByteSink(1 << 16);
    private final Map<String, SharedTraces> sharedCache = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder pagesDecoded = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder pagesSkipped = new java.util.concurrent.atomic.LongAdder();
    private final RecoveryReport recovery;
    // Compaction level of each block written since open (absent: a cut block, or one found at open).
    private final Map<Long, Integer> levels = new ConcurrentHashMap<>();
    // Block windows (tenant + window index) that the last cut added a block to: still filling.
    private volatile Set<String> filling = Set.of();
    private long nextSeq = 1;
    private boolean closed;

    private DiskTraceStorage(DiskOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.blocksDir = options.dir().resolve("blocks");
        int[] opened = {0, 0};
        try {
            Files.createDirectories(blocksDir);
            openBlocks(opened);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.wal = SegmentedLog.open(options.dir().resolve("wal"), options.walSegmentBytes(), options.fsync());
        long[] counts = {0, 0, 0};
        int firstSegment;
        try {
            List<Integer> segs = SegmentedLog.listSegments(wal.directory());
            firstSegment = segs.isEmpty() ? wal.currentSegment() : segs.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long now = clock.millis();
        wal.read(0, (buf, off, len) -> {
            try {
                WalRecord.Decoded d = WalRecord.decode(buf, off, len);
                counts[0]++;
                counts[1] += d.spans().size();
                addLive(d.tenant(), d.spans(), firstSegment, now);
            } catch (CorruptDataException e) {
                counts[2]++; // checksum passed but content is not ours: count it, keep going
            }
        });
        this.recovery = new RecoveryReport(wal.lastRepair(), counts[0], counts[1], counts[2], opened[0], opened[1]);
    }

    /** Opens (creating if needed) storage in {@code options.dir()}, replaying the WAL. */
    public static DiskTraceStorage open(DiskOptions options, Clock clock) {
        return new DiskTraceStorage(options, clock);
    }

    public RecoveryReport recovery() {
        return recovery;
    }

    private void openBlocks(int[] opened) throws IOException {
        try (Stream<Path> tenants = Files.list(blocksDir)) {
            for (Path tdir : (Iterable<Path>) tenants::iterator) {
                if (!Files.isDirectory(tdir)) {
                    continue;
                }
                String tenant = tdir.getFileName().toString();
                List<Path> files;
                try (Stream<Path> s = Files.list(tdir)) {
                    files = s.sorted().toList();
                }
                for (Path f : files) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".tmp")) {
                        Files.deleteIfExists(f); // a write that never finished
                        continue;
                    }
                    if (!n.endsWith(BLOCK_SUFFIX)) {
                        continue;
                    }
                    long seq = Long.parseLong(n.substring(0, n.length() - BLOCK_SUFFIX.length()));
                    nextSeq = Math.max(nextSeq, seq + 1);
                    try {
                        blocksOf(tenant).add(Block.open(f, seq));
                        opened[0]++;
                    } catch (CorruptDataException e) {
                        Path aside = options.dir().resolve("corrupt").resolve(tenant);
                        Files.createDirectories(aside);
                        Files.move(f, aside.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                        opened[1]++;
                    }
                }
            }
        }
    }

    private CopyOnWriteArrayList<Block> blocksOf(String tenant) {
        return blocks.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    }

    @Override
    public void append(String tenant, List<Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                throw StorageErrors.closed();
            }
            walBuf.reset();
            WalRecord.encode(tenant, spans, walBuf);
            try {
                wal.append(walBuf.array(), 0, walBuf.length());
            } catch (UncheckedIOException e) {
                throw StorageErrors.walFailed(e);
            }
            addLive(tenant, spans, wal.currentSegment(), clock.millis());
        }
    }

    private void addLive(String tenant, List<Span> spans, int segment, long now) {
        Map<TraceId, LiveTrace> traces = live.computeIfAbsent(tenant, t -> new HashMap<>());
        for (Span s : spans) {
            LiveTrace t = traces.computeIfAbsent(s.traceId(), id -> new LiveTrace(tenant, segment, now));
            t.spans.add(s);
            t.lastAppendMillis = now;
        }
    }

    /** Number of live (not yet cut) traces of a tenant. */
    public int liveTraces(String tenant) {
        synchronized (lock) {
            Map<TraceId, LiveTrace> m = live.get(tenant);
            return m == null ? 0 : m.size();
        }
    }

    @Override
    public List<Span> trace(String tenant, TraceId id, long startNanos, long endNanos) {
        List<Span> all = new ArrayList<>();
        collectMemory(tenant, id, all);
        for (Block b : blocksOf(tenant)) {
            int i = b.find(id);
            if (i >= 0) {
                all.addAll(b.spans(i));
            }
        }
        if (all.isEmpty()) {
            return List.of();
        }
        List<Span> merged = TraceMerge.merge(all);
        return TraceMerge.overlaps(merged, startNanos, endNanos) ? merged : List.of();
    }

    /** Decodes each block page the traces need once (a search reading its matches whole). */
    @Override
    public Map<TraceId, List<Span>> traces(String tenant, java.util.Collection<TraceId> ids, long startNanos, long endNanos) {
        Map<TraceId, List<Span>> all = new java.util.LinkedHashMap<>();
        for (TraceId id : ids) {
            List<Span> spans = new ArrayList<>();
            collectMemory(tenant, id, spans);
            all.put(id, spans);
        }
        for (Block b : blocksOf(tenant)) {
            Map<Integer, boolean[]> pages = new TreeMap<>();
            Map<Integer, TraceId> found = new HashMap<>();
            for (TraceId id : ids) {
                int i = b.find(id);
                if (i >= 0) {
                    int p = b.pageOfTrace(i);
                    int first = b.pageFirstTrace(p);
                    pages.computeIfAbsent(p, k -> new boolean[b.pageEndTrace(k) - first])[i - first] = true;
                    found.put(i, id);
                }
            }
            for (Map.Entry<Integer, boolean[]> pe : pages.entrySet()) {
                int first = b.pageFirstTrace(pe.getKey());
                List<Span>[] decoded = b.decodePage(pe.getKey(), pe.getValue(), ScanPlan.FULL);
                for (int k = 0; k < decoded.length; k++) {
                    if (decoded[k] != null) {
                        all.get(found.get(first + k)).addAll(decoded[k]);
                    }
                }
            }
        }
        Map<TraceId, List<Span>> out = new java.util.LinkedHashMap<>();
        all.forEach((id, spans) -> {
            if (!spans.isEmpty()) {
                List<Span> merged = TraceMerge.merge(spans);
                if (TraceMerge.overlaps(merged, startNanos, endNanos)) {
                    out.put(id, merged);
                }
            }
        });
        return out;
    }

    private void collectMemory(String tenant, TraceId id, List<Span> into) {
        synchronized (lock) {
            Map<TraceId, LiveTrace> m = live.get(tenant);
            LiveTrace t = m == null ? null : m.get(id);
            if (t != null) {
                into.addAll(t.spans);
            }
        }
        Map<TraceId, List<Span>> f = flushing.get(tenant);
        List<Span> fs = f == null ? null : f.get(id);
        if (fs != null) {
            into.addAll(fs);
        }
    }

    @Override
    public void scan(String tenant, long startNanos, long endNanos, TraceVisitor visitor) {
        scan(tenant, startNanos, endNanos, ScanPlan.FULL, visitor);
    }

    /**
     * Visits live and flushing traces whole, then the blocks page by page: a block whose
     * dictionary lacks one of the plan's required strings is skipped, so is a page without a span
     * in the bounds or without a span as long as the plan's minimum; the other pages decode only
     * the plan's columns. A trace whose spans sit in several places (blocks, memory) is assembled
     * whole, once.
     */
    @Override
    public void scan(String tenant, long startNanos, long endNanos, ScanPlan plan, TraceVisitor visitor) {
        Map<TraceId, List<Span>> memory = new HashMap<>();
        synchronized (lock) {
            Map<TraceId, LiveTrace> m = live.get(tenant);
            if (m != null) {
                m.forEach((id, t) -> memory.put(id, new ArrayList<>(t.spans)));
            }
        }
        Map<TraceId, List<Span>> f = flushing.get(tenant);
        if (f != null) {
            f.forEach((id, spans) -> memory.computeIfAbsent(id, k -> new ArrayList<>()).addAll(spans));
        }
        List<Block> bs = new ArrayList<>(blocksOf(tenant));
        BitSet[] shared = SharedTraces.of(bs, sharedCache, tenant);
        Set<TraceId> done = new HashSet<>();
        // Memory first, then blocks newest first, so a visitor with enough newer traces can stop reading old blocks.
        if (!visitMemory(tenant, startNanos, endNanos, memory, bs, done, visitor)) {
            return;
        }
        Integer[] order = new Integer[bs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Long.compare(bs.get(y).maxStart(), bs.get(x).maxStart()));
        for (int bi : order) {
            Block b = bs.get(bi);
            if (!visitor.wantsTracesStartingBy(b.maxStart())) {
                pagesSkipped.add(b.pageCount());
                continue;
            }
            if (!b.overlaps(startNanos, endNanos) || !b.holdsAll(plan.requiredStrings())) {
                pagesSkipped.add(b.pageCount());
                continue;
            }
            for (int p = 0; p < b.pageCount(); p++) {
                if (!b.pageMayMatch(p, startNanos, endNanos, plan.minSpanDurationNanos())) {
                    pagesSkipped.increment();
                    continue;
                }
                int from = b.pageFirstTrace(p);
                int to = b.pageEndTrace(p);
                boolean[] want = new boolean[to - from];
                boolean any = false;
                for (int i = from; i < to; i++) {
                    TraceId id = b.traceId(i);
                    if (shared[bi].get(i) || memory.containsKey(id)) {
                        // Spans of this trace live in several places: assemble it once, whole.
                        if (done.add(id) && !visitWhole(tenant, id, startNanos, endNanos, visitor)) {
                            return;
                        }
                    } else if (b.traceOverlaps(i, startNanos, endNanos)) {
                        want[i - from] = true;
                        any = true;
                    }
                }
                if (!any) {
                    continue;
                }
                pagesDecoded.increment();
                List<Span>[] decoded = b.decodePage(p, want, plan);
                for (int i = from; i < to; i++) {
                    if (want[i - from] && !visitor.visit(b.traceId(i), decoded[i - from])) {
                        return;
                    }
                }
            }
        }
    }

    private boolean visitMemory(String tenant, long startNanos, long endNanos, Map<TraceId, List<Span>> memory, List<Block> bs,
            Set<TraceId> done, TraceVisitor visitor) {
        for (Map.Entry<TraceId, List<Span>> e : memory.entrySet()) {
            boolean inBlock = false;
            for (Block b : bs) {
                if (b.find(e.getKey()) >= 0) {
                    inBlock = true;
                    break;
                }
            }
            done.add(e.getKey());
            if (inBlock) {
                if (!visitWhole(tenant, e.getKey(), startNanos, endNanos, visitor)) {
                    return false;
                }
            } else {
                List<Span> spans = TraceMerge.merge(e.getValue());
                if (TraceMerge.overlaps(spans, startNanos, endNanos) && !visitor.visit(e.getKey(), spans)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean visitWhole(String tenant, TraceId id, long start, long end, TraceVisitor visitor) {
        List<Span> spans = trace(tenant, id, start, end);
        return spans.isEmpty() || visitor.visit(id, spans);
    }

    @Override
    public List<String> tenants() {
        Set<String> out = new HashSet<>();
        synchronized (lock) {
            out.addAll(live.keySet());
        }
        blocks.forEach((t, l) -> {
            if (!l.isEmpty()) {
                out.add(t);
            }
        });
        return out.stream().sorted().toList();
    }

    @Override
    public void maintain() {
        cut(false);
        compact(false);
        applyRetention();
    }

    /** Cuts idle traces (or every live trace, with {@code all}) into one new block per tenant. */
    public void cut(boolean all) {
        long now = clock.millis();
        Map<String, TreeMap<TraceId, List<Span>>> cutTraces = new HashMap<>();
        int keepFrom;
        synchronized (lock) {
            for (Map.Entry<String, Map<TraceId, LiveTrace>> te : live.entrySet()) {
                var it = te.getValue().entrySet().iterator();
                while (it.hasNext()) {
                    var e = it.next();
                    LiveTrace t = e.getValue();
                    boolean idle = now - t.lastAppendMillis >= options.traceIdle().toMillis();
                    boolean old = now - t.firstAppendMillis >= options.maxTraceLive().toMillis();
                    if (all || idle || old) {
                        cutTraces.computeIfAbsent(te.getKey(), k -> new TreeMap<>()).put(e.getKey(), t.spans);
                        it.remove();
                    }
                }
            }
            if (cutTraces.isEmpty()) {
                filling = Set.of();
                return;
            }
            cutTraces.forEach((tenant, traces) -> flushing.put(tenant, new HashMap<>(traces)));
            keepFrom = wal.cut();
            for (Map<TraceId, LiveTrace> m : live.values()) {
                for (LiveTrace t : m.values()) {
                    keepFrom = Math.min(keepFrom, t.firstSegment);
                }
            }
        }
        long window = Math.max(1, options.blockWindow().toNanos());
        Set<String> touched = new HashSet<>();
        for (Map.Entry<String, TreeMap<TraceId, List<Span>>> e : cutTraces.entrySet()) {
            Block b = writeBlock(e.getKey(), e.getValue());
            blocksOf(e.getKey()).add(b);
            flushing.remove(e.getKey());
            touched.add(e.getKey() + "/" + Math.floorDiv(b.minStart(), window));
        }
        filling = touched;
        wal.deleteBefore(keepFrom);
    }

    private Block writeBlock(String tenant, TreeMap<TraceId, List<Span>> traces) {
        return writeBlock(tenant, traces, BlockWriter.DEFAULT_LEVEL);
    }

    private Block writeBlock(String tenant, TreeMap<TraceId, List<Span>> traces, int level) {
        long seq;
        synchronized (lock) {
            seq = nextSeq++;
        }
        Path file = blocksDir.resolve(tenant).resolve(String.format("%020d", seq) + BLOCK_SUFFIX);
        BlockWriter.write(file, traces, level);
        return Block.open(file, seq);
    }

    /** Merges, per tenant, all blocks whose earliest span starts in the same block window. */
    public void compact() {
        compact(true);
    }

    /**
     * Merges the blocks of each block window. A window the last cut added to is still filling: its
     * blocks are merged {@value #TIER} of one level at a time, so a span is re-encoded a few times
     * rather than once per cut; a window no longer filling (or every window, with {@code all}) is
     * merged into one block.
     */
    private void compact(boolean all) {
        long window = Math.max(1, options.blockWindow().toNanos());
        Set<String> stillFilling = filling;
        for (Map.Entry<String, CopyOnWriteArrayList<Block>> te : blocks.entrySet()) {
            Map<Long, List<Block>> groups = new TreeMap<>();
            for (Block b : te.getValue()) {
                groups.computeIfAbsent(Math.floorDiv(b.minStart(), window), k -> new ArrayList<>()).add(b);
            }
            for (Map.Entry<Long, List<Block>> g : groups.entrySet()) {
                List<Block> group = g.getValue();
                if (group.size() < 2) {
                    continue;
                }
                if (all || !stillFilling.contains(te.getKey() + "/" + g.getKey())) {
                    merge(te.getKey(), te.getValue(), group);
                    continue;
                }
                Map<Integer, List<Block>> byLevel = new TreeMap<>();
                for (Block b : group) {
                    byLevel.computeIfAbsent(levels.getOrDefault(b.seq(), 0), k -> new ArrayList<>()).add(b);
                }
                for (List<Block> same : byLevel.values()) {
                    if (same.size() >= TIER) {
                        merge(te.getKey(), te.getValue(), same);
                    }
                }
            }
        }
    }

    /** Blocks of one level merged at a time while their window is still filling. */
    static final int TIER = 8;

    private void merge(String tenant, CopyOnWriteArrayList<Block> tenantBlocks, List<Block> group) {
        TreeMap<TraceId, List<Span>> traces = new TreeMap<>();
        int level = 0;
        for (Block b : group) {
            level = Math.max(level, levels.getOrDefault(b.seq(), 0));
            for (int p = 0; p < b.pageCount(); p++) { // each page decoded once
                List<Span>[] decoded = b.decodePage(p, null, ScanPlan.FULL);
                for (int i = b.pageFirstTrace(p); i < b.pageEndTrace(p); i++) {
                    traces.computeIfAbsent(b.traceId(i), k -> new ArrayList<>()).addAll(decoded[i - b.pageFirstTrace(p)]);
                }
            }
        }
        Block merged = writeBlock(tenant, traces, BlockWriter.COMPACTION_LEVEL);
        levels.put(merged.seq(), level + 1);
        tenantBlocks.add(merged);
        tenantBlocks.removeAll(group);
        for (Block b : group) {
            levels.remove(b.seq());
            delete(b.file());
        }
    }

    /** Deletes blocks whose newest span ended before the tenant's retention. */
    public void applyRetention() {
        long nowNanos = clock.millis() * 1_000_000L;
        for (Map.Entry<String, CopyOnWriteArrayList<Block>> te : blocks.entrySet()) {
            long cutoff = nowNanos - options.retentionOf(te.getKey()).toNanos();
            for (Block b : te.getValue()) {
                if (b.maxEnd() < cutoff) {
                    te.getValue().remove(b);
                    delete(b.file());
                }
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Block pages decoded and skipped by scans since open (a version-1 block counts a page per trace), for benchmarks and tests. */
    public long[] scanPages() {
        return new long[] {pagesDecoded.sum(), pagesSkipped.sum()};
    }

    /** Blocks per tenant, for tests and the status page. */
    public int blockCount(String tenant) {
        return blocksOf(tenant).size();
    }

    /** Bytes of all block files of a tenant. */
    public long blockBytes(String tenant) {
        long n = 0;
        for (Block b : blocksOf(tenant)) {
            n += b.bytes();
        }
        return n;
    }

    /** Cuts every live trace to a block, then closes the WAL. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        cut(true);
        synchronized (lock) {
            closed = true;
            wal.close();
        }
    }
}
