package ai.gatewayz.obs.logs.patterns;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.ingest.Discovery;
import ai.gatewayz.obs.logs.observe.CommitListener;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mines log patterns per tenant and stream as lines are committed (a {@link CommitListener}), and
 * answers {@code /patterns}: the patterns of the streams a selector matches, merged by pattern text
 * and level, counted per step. State is in memory and bounded by {@link PatternOptions}; after a
 * restart {@link #rebuild} mines the last retention window back from storage. Mining runs on the
 * pushing thread, or after {@link #startAsync} on a thread of its own so ingest does not wait for
 * it (a push that finds its bounded queue full is dropped, and counted); {@link #close()} stops that thread. Thread-safe.
 */
public final class PatternMiner implements CommitListener, AutoCloseable {
    private final PatternOptions options;
    private final Clock clock;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Labels, StreamPatterns>> tenants = new ConcurrentHashMap<>();
    private volatile long lastTrimMillis;

    public PatternMiner(PatternOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /**
     * Queues a committed push for the mining thread when one runs ({@link #startAsync}), so pushes
     * never wait for mining; when the queue is full the push is not mined and its lines are counted
     * in {@link #droppedLines()} (as Loki's distributor drops what its pattern-ingester tee cannot
     * take: ingest stays at full speed, patterns become a sample). Without a mining thread it mines inline.
     */
    @Override
    public void committed(String tenant, List<Committed> entries) {
        BlockingQueue<Batch> q = queue;
        if (q != null) {
            submitted.incrementAndGet();
            if (!q.offer(new Batch(tenant, entries))) {
                submitted.decrementAndGet();
                dropped.addAndGet(entries.size());
            }
            return;
        }
        mine(tenant, entries);
    }

    private record Batch(String tenant, List<Committed> entries) {
    }

    private volatile BlockingQueue<Batch> queue;
    private Thread worker;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong mined = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();

    /** Starts the mining thread with a queue of {@code capacity} pushes. */
    public void startAsync(int capacity) {
        startAsync(capacity, () -> { });
    }

    /** As {@link #startAsync(int)}; the mining thread runs {@code beforeBatch} after taking each push (tests hold it there). */
    synchronized void startAsync(int capacity, Runnable beforeBatch) {
        if (worker != null) {
            return;
        }
        BlockingQueue<Batch> q = new ArrayBlockingQueue<>(capacity);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Batch b = q.take();
                    beforeBatch.run();
                    long c0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
                    try {
                        mine(b.tenant(), b.entries());
                    } catch (RuntimeException e) {
                        // a defect in mining one push must not stop mining the next ones
                        org.slf4j.LoggerFactory.getLogger(PatternMiner.class).error("pattern mining failed [tenant={}]", b.tenant(), e);
                    } finally {
                        if (cpu) {
                            cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                        }
                        mined.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "log-pattern-miner");
        t.setDaemon(true);
        queue = q;
        worker = t;
        t.start();
    }

    /** Lines of pushes that found the mining queue full and were not mined. */
    public long droppedLines() {
        return dropped.get();
    }

    /** CPU time the mining thread spent mining, in nanoseconds (0 without a mining thread or CPU-time support). */
    public long miningCpuNanos() {
        return cpuNanos.get();
    }

    /** Waits until every push queued before the call is mined (tests, shutdown); polls, since it is rare. */
    public void drain() throws InterruptedException {
        long target = submitted.get();
        while (mined.get() < target && queue != null) {
            Thread.sleep(1);
        }
    }

    /** Stops the mining thread after the queued pushes are mined. */
    public synchronized void close() throws InterruptedException {
        if (worker != null) {
            drain();
            worker.interrupt();
            worker.join(5_000);
            worker = null;
            queue = null;
        }
    }

    private void mine(String tenant, List<Committed> entries) {
        ConcurrentHashMap<Labels, StreamPatterns> streams = tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        Labels last = null;
        StreamPatterns sp = null;
        for (Committed c : entries) {
            if (c.stream() != last) {
                // a push's entries come grouped by stream: look the stream up once per run of them
                last = c.stream();
                sp = streams.computeIfAbsent(last, l -> new StreamPatterns(options));
            }
            sp.add(c.entry().line(), level(c), c.entry().timestampNanos());
        }
        maybeTrim();
    }

    static String level(Committed c) {
        return level(c.stream(), c.entry().metadata());
    }

    static String level(Labels stream, Labels metadata) {
        String l = metadata.get(Discovery.DETECTED_LEVEL);
        if (l.isEmpty()) {
            l = stream.get(Discovery.DETECTED_LEVEL);
        }
        if (l.isEmpty()) {
            l = stream.get("level");
        }
        return l.isEmpty() ? "unknown" : l;
    }

    /**
     * Mines what the storages hold from one retention window before {@code untilNanos} up to it, so
     * patterns survive a restart; returns the entries mined. Call it once at startup, before or while
     * live pushes arrive: a live entry older than {@code untilNanos} may then be counted twice.
     */
    public long rebuild(TenantLogStorages storages, long untilNanos) {
        long from = untilNanos - options.retention().toNanos();
        long n = 0;
        for (String tenant : storages.tenants()) {
            ConcurrentHashMap<Labels, StreamPatterns> streams = tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
            try (LogQuerier q = storages.forTenant(tenant).querier()) {
                StreamSet set = q.select(List.of(), SelectHints.range(from, untilNanos, Direction.FORWARD));
                while (set.next()) {
                    Labels l = set.labels();
                    StreamPatterns sp = streams.computeIfAbsent(l, x -> new StreamPatterns(options));
                    EntryIterator it = set.entries();
                    while (it.next()) {
                        sp.add(it.line(), level(l, it.metadata()), it.timestampNanos());
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private void maybeTrim() {
        long now = clock.millis();
        if (now - lastTrimMillis < 60_000) {
            return;
        }
        lastTrimMillis = now;
        trim(now);
    }

    /** Forgets samples older than the retention and streams left without any. */
    public void trim(long nowMillis) {
        long oldest = (nowMillis - options.retention().toMillis()) * 1_000_000L;
        for (ConcurrentHashMap<Labels, StreamPatterns> streams : tenants.values()) {
            streams.values().removeIf(sp -> sp.trim(oldest));
        }
    }

    /**
     * Patterns of the tenant's streams matching every matcher with lines in [start, end), counted per
     * {@code step} (steps start at {@code start}), most frequent first, at most {@code limit}.
     */
    public List<PatternSeries> query(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos,
            long stepNanos, int limit) {
        Map<Labels, StreamPatterns> streams = tenants.get(tenant);
        if (streams == null || endNanos <= startNanos) {
            return List.of();
        }
        long span = endNanos - startNanos;
        long step = Math.max(stepNanos, Math.max(options.bucket().toNanos(), span / 11_000 + 1));
        int steps = (int) ((span + step - 1) / step);
        Map<StreamPatterns.PatternKey, long[]> acc = new HashMap<>();
        for (Map.Entry<Labels, StreamPatterns> e : streams.entrySet()) {
            if (matchesAll(matchers, e.getKey())) {
                e.getValue().collect(startNanos, endNanos, step, steps, acc);
            }
        }
        List<PatternSeries> out = new ArrayList<>(acc.size());
        for (Map.Entry<StreamPatterns.PatternKey, long[]> e : acc.entrySet()) {
            long[] counts = e.getValue();
            int n = 0;
            long total = 0;
            for (long c : counts) {
                if (c > 0) {
                    n++;
                    total += c;
                }
            }
            long[] ts = new long[n];
            long[] cs = new long[n];
            int j = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    ts[j] = startNanos + i * step;
                    cs[j++] = counts[i];
                }
            }
            out.add(new PatternSeries(e.getKey().pattern(), e.getKey().level(), ts, cs, total));
        }
        out.sort((a, b) -> a.total() != b.total() ? Long.compare(b.total(), a.total())
                : a.pattern().equals(b.pattern()) ? a.level().compareTo(b.level()) : a.pattern().compareTo(b.pattern()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels l) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(l)) {
                return false;
            }
        }
        return true;
    }

    /** Clusters held for a tenant, for tests and self-metrics. */
    public int clusters(String tenant) {
        Map<Labels, StreamPatterns> streams = tenants.get(tenant);
        return streams == null ? 0 : streams.values().stream().mapToInt(StreamPatterns::clusterCount).sum();
    }
}
