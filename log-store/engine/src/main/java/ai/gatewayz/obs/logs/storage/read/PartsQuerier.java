package ai.gatewayz.obs.logs.storage.read;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.IndexStats;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.ScanEntry;
import ai.gatewayz.obs.logs.storage.ScanSink;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A querier over a fixed snapshot of parts; both storages build theirs from it. Not thread-safe,
 * one per query; {@code onClose} releases what the snapshot pinned (blocks).
 */
public final class PartsQuerier implements LogQuerier {
    private final List<PartSource> sources;
    private final Runnable onClose;
    private boolean closed;

    public PartsQuerier(List<PartSource> sources, Runnable onClose) {
        this.sources = sources;
        this.onClose = onClose;
    }

    private List<StreamPart> parts(List<LabelMatcher> matchers, long start, long end) {
        List<StreamPart> out = new ArrayList<>();
        for (PartSource s : sources) {
            for (StreamPart p : s.select(matchers)) {
                if (p.maxTime() >= start && p.minTime() < end) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    @Override
    public StreamSet select(List<LabelMatcher> matchers, SelectHints hints) {
        return new MergedStreamSet(parts(matchers, hints.startNanos(), hints.endNanos()), hints);
    }

    /**
     * Streams in label order; a stream whose parts do not overlap in time is scanned part by part
     * straight from its chunks (no entry can be in two parts), one whose parts overlap is merged and
     * de-duplicated first, as {@link #select} does.
     */
    @Override
    public void scan(List<LabelMatcher> matchers, SelectHints hints, ScanSink sink) {
        ScanEntry e = new ScanEntry();
        for (Unit u : units(matchers, hints)) {
            u.run(sink, e);
        }
    }

    /** One unit of scanning work: a stream's part, or a stream whose parts are merged. */
    private interface Unit {
        void run(ScanSink sink, ScanEntry e);
    }

    private List<Unit> units(List<LabelMatcher> matchers, SelectHints hints) {
        TreeMap<Labels, List<StreamPart>> byLabels = new TreeMap<>();
        for (StreamPart p : parts(matchers, hints.startNanos(), hints.endNanos())) {
            byLabels.computeIfAbsent(p.labels(), k -> new ArrayList<>(2)).add(p);
        }
        long start = hints.startNanos();
        long end = hints.endNanos();
        List<Unit> out = new ArrayList<>();
        for (Map.Entry<Labels, List<StreamPart>> s : byLabels.entrySet()) {
            Labels labels = s.getKey();
            List<StreamPart> ps = s.getValue();
            if (disjoint(ps)) {
                for (StreamPart p : ps) {
                    out.add((sink, e) -> {
                        sink.stream(labels);
                        p.scan(start, end, hints.requiredLiterals(), hints.foldedLiterals(), e, sink);
                    });
                }
            } else {
                out.add((sink, e) -> {
                    EntryBuffer b = new EntryBuffer();
                    for (StreamPart p : ps) {
                        p.collect(start, end, hints.requiredLiterals(), hints.foldedLiterals(), b);
                    }
                    b.sortAndDedupe();
                    sink.stream(labels);
                    b.feed(e, sink);
                });
            }
        }
        return out;
    }

    /**
     * Parts are shared out among up to {@code threads} workers (virtual threads, the calling thread
     * being one of them), each with its own sink and decode buffers.
     */
    @Override
    public void scan(List<LabelMatcher> matchers, SelectHints hints, int threads, java.util.function.Supplier<ScanSink> sinks) {
        List<Unit> units = units(matchers, hints);
        int workers = Math.min(Math.max(1, threads), units.size());
        if (workers <= 1) {
            ScanSink sink = sinks.get();
            ScanEntry e = new ScanEntry();
            for (Unit u : units) {
                u.run(sink, e);
            }
            return;
        }
        // The failure reported is that of the first unit in label order, as a scan on one thread would
        // report it: units after a failed one are skipped, units before it still run.
        AtomicInteger next = new AtomicInteger();
        AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
        Throwable[] failures = new Throwable[units.size()];
        Runnable worker = () -> {
            ScanSink sink = null;
            ScanEntry e = new ScanEntry();
            for (int i; (i = next.getAndIncrement()) < units.size(); ) {
                if (i > firstFailed.get()) {
                    continue;
                }
                try {
                    if (sink == null) {
                        sink = sinks.get();
                    }
                    units.get(i).run(sink, e);
                } catch (Throwable t) {
                    failures[i] = t;
                    firstFailed.accumulateAndGet(i, Math::min);
                }
            }
        };
        List<Thread> started = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            started.add(Thread.ofVirtual().name("log-scan").start(worker));
        }
        worker.run();
        boolean interrupted = false;
        for (Thread t : started) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException ex) {
                    interrupted = true; // the workers read shared buffers of this querier: wait for them
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int f = firstFailed.get();
        if (f == Integer.MAX_VALUE) {
            return;
        }
        Throwable t = failures[f];
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException("scan failed", t);
    }

    private static boolean disjoint(List<StreamPart> ps) {
        if (ps.size() < 2) {
            return true;
        }
        List<StreamPart> sorted = new ArrayList<>(ps);
        sorted.sort(Comparator.comparingLong(StreamPart::minTime));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).minTime() <= sorted.get(i - 1).maxTime()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<String> names = new TreeSet<>();
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            Labels l = p.labels();
            for (int i = 0; i < l.size(); i++) {
                names.add(l.name(i));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<String> values = new TreeSet<>();
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            String v = p.labels().get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public List<Labels> series(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        TreeSet<Labels> out = new TreeSet<>();
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            out.add(p.labels());
        }
        return List.copyOf(out);
    }

    @Override
    public IndexStats stats(List<LabelMatcher> matchers, long startNanos, long endNanos) {
        Set<Labels> streams = new HashSet<>();
        long chunks = 0;
        long bytes = 0;
        long entries = 0;
        for (StreamPart p : parts(matchers, startNanos, endNanos)) {
            streams.add(p.labels());
            chunks += p.chunks();
            bytes += p.bytes();
            entries += p.entries();
        }
        return new IndexStats(streams.size(), chunks, bytes, entries);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
