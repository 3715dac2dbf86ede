package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.storage.wal.Checkpoint;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client's write-ahead log of queued samples, on storage-core's {@link SegmentedLog} framing
 * (docs/formats/remote-write-queue.md). Every sample a shard accepted is logged with its position in
 * that shard's queue; when a batch is done (sent, or dropped as too old or refused) the shard's done
 * position is logged. Because a shard's queue is first in, first out, the samples still owed after a
 * restart are exactly those at or past their shard's done position: they are queued again and sent,
 * and nothing acknowledged is sent twice (except a batch acknowledged in the instant before a kill,
 * whose done record had not reached the file yet).
 *
 * <p>Opening starts a new epoch: the samples still owed are written to a checkpoint (atomically, with
 * positions from 0 in the current shard layout), and older segments are deleted. At run time,
 * segments whose samples are all done are deleted as done positions advance.
 *
 * <p>Thread-safe: appends and done records are serialised on this object. Records reach the file
 * (the operating system) before {@link #logSamples} returns, so they survive a kill of the process.
 */
final class QueueLog implements AutoCloseable {
    static final int SAMPLES = 1;
    static final int DONE = 2;

    /** One sample owed to the receiver, replayed from the log. */
    record Owed(Labels labels, long t, long valueBits) {
    }

    private final SegmentedLog log;
    private final Path dir;
    private final int shards;
    /** Per shard: positions handed out (samples logged) and positions done. */
    private final long[] written;
    private final long[] done;
    /** Segment number → per-shard end position of the samples logged in it. */
    private final TreeMap<Integer, long[]> segmentEnds = new TreeMap<>();
    private final ByteSink sink = new ByteSink(4096);
    /** The oldest segment file that may still exist. */
    private int lowestSegment;
    private final List<List<Owed>> owed;
    private final long droppedAtOpen;

    private QueueLog(Path dir, int shards, long segmentBytes, int capacityPerShard) {
        this.dir = dir;
        this.shards = shards;
        this.log = SegmentedLog.open(dir, segmentBytes, false);
        Epoch e = new Epoch();
        try {
            int cp = SegmentedLog.latestCheckpoint(dir);
            if (cp > 0) {
                Checkpoint.read(dir, cp, e::accept);
            }
            log.read(cp, e::accept);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<List<Owed>> byShard = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            byShard.add(new ArrayList<>());
        }
        long dropped = 0;
        for (List<Owed> old : e.owed()) {
            for (Owed o : old) {
                byShard.get(shardOf(o.labels(), shards)).add(o);
            }
        }
        this.written = new long[shards];
        this.done = new long[shards];
        // the oldest beyond a shard's capacity are dropped (counted), as a full queue would drop them
        for (int i = 0; i < shards; i++) {
            List<Owed> l = byShard.get(i);
            if (l.size() > capacityPerShard) {
                dropped += l.size() - capacityPerShard;
                byShard.set(i, new ArrayList<>(l.subList(l.size() - capacityPerShard, l.size())));
            }
        }
        this.owed = byShard;
        this.droppedAtOpen = dropped;
        startEpoch();
    }

    /** Opens (or creates) the log in {@code dir} for a client with {@code shards} shards. */
    static QueueLog open(Path dir, int shards, long segmentBytes, int capacityPerShard) {
        return new QueueLog(dir, shards, segmentBytes, capacityPerShard);
    }

    static int shardOf(Labels l, int shards) {
        return (int) Math.floorMod(l.hash64(), (long) shards);
    }

    /** The samples owed from before, per shard in queue order; the caller queues them before anything new. */
    List<List<Owed>> owed() {
        return owed;
    }

    /** Samples beyond the queue capacity that could not be queued again at open. */
    long droppedAtOpen() {
        return droppedAtOpen;
    }

    Path directory() {
        return dir;
    }

    /** Writes the owed samples as {@code checkpoint.<current segment>} and deletes what came before. */
    private void startEpoch() {
        int seg = log.currentSegment();
        try (Checkpoint.Writer w = new Checkpoint.Writer(dir, seg)) {
            for (int s = 0; s < shards; s++) {
                List<Owed> l = owed.get(s);
                for (int from = 0; from < l.size(); from += 1000) {
                    int to = Math.min(l.size(), from + 1000);
                    encodeSamples(l.subList(from, to), s);
                    w.append(sink.array(), 0, sink.length());
                }
            }
            encodeDone();
            w.append(sink.array(), 0, sink.length());
            w.commit();
        }
        log.deleteBefore(seg);
        lowestSegment = seg;
        segmentEnds.put(seg - 1, written.clone()); // the checkpoint: kept until the next open
    }

    /** One record of samples that all went to shard {@code s}, positions advanced. */
    private void encodeSamples(List<Owed> l, int s) {
        sink.reset().putByte(SAMPLES).putUvarint(shards);
        for (int i = 0; i < shards; i++) {
            sink.putUvarint(written[i]);
        }
        sink.putUvarint(l.size());
        for (Owed o : l) {
            putSample(o.labels(), o.t(), o.valueBits());
        }
        written[s] += l.size();
    }

    private void putSample(Labels labels, long t, long bits) {
        sink.putUvarint(labels.size());
        for (int j = 0; j < labels.size(); j++) {
            sink.putString(labels.name(j)).putString(labels.value(j));
        }
        sink.putLong(t).putLong(bits);
    }

    private void encodeDone() {
        sink.reset().putByte(DONE).putUvarint(shards);
        for (int i = 0; i < shards; i++) {
            sink.putUvarint(done[i]);
        }
    }

    /** Logs samples that shards accepted (in the order they were offered; {@code shard[i]} says where each went). */
    synchronized void logSamples(Labels[] labels, long[] t, long[] bits, int[] shard, int n) {
        if (n == 0) {
            return;
        }
        sink.reset().putByte(SAMPLES).putUvarint(shards);
        for (int i = 0; i < shards; i++) {
            sink.putUvarint(written[i]);
        }
        sink.putUvarint(n);
        for (int i = 0; i < n; i++) {
            putSample(labels[i], t[i], bits[i]);
            written[shard[i]]++;
        }
        log.append(sink.array(), 0, sink.length());
        segmentEnds.put(log.currentSegment(), written.clone());
    }

    /** Shard {@code s} finished its next {@code n} samples (sent, or dropped for good). */
    synchronized void done(int s, int n) {
        done[s] += n;
        encodeDone();
        log.append(sink.array(), 0, sink.length());
        int current = log.currentSegment();
        int keep = current;
        for (Map.Entry<Integer, long[]> e : segmentEnds.entrySet()) {
            if (e.getKey() >= current) {
                break;
            }
            if (!allDone(e.getValue())) {
                keep = e.getKey();
                break;
            }
        }
        if (keep > lowestSegment) {
            segmentEnds.headMap(keep).clear();
            try {
                for (int idx = lowestSegment; idx < keep; idx++) {
                    Files.deleteIfExists(SegmentedLog.segmentPath(dir, idx));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lowestSegment = keep;
        }
    }

    private boolean allDone(long[] ends) {
        for (int i = 0; i < shards; i++) {
            if (ends[i] > done[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        log.close();
    }

    /** Replay state of one epoch (the checkpoint and the segments after it). */
    private static final class Epoch {
        int layout = -1;
        long[] done;
        /** Per shard of the epoch's layout: (position, sample) in log order. */
        final List<List<long[]>> positions = new ArrayList<>();
        final List<List<Owed>> samples = new ArrayList<>();

        void accept(byte[] buf, int off, int len) {
            ByteSource in = new ByteSource(buf, off, len);
            int type = in.getByte();
            int n = in.getUvarintInt();
            if (n < 1 || n > 1 << 16 || (layout >= 0 && n != layout)) {
                throw new CorruptDataException("remote-write queue log: shard count changed within an epoch [shards=" + n
                        + ", expected=" + layout + "]");
            }
            if (layout < 0) {
                layout = n;
                done = new long[n];
                for (int i = 0; i < n; i++) {
                    positions.add(new ArrayList<>());
                    samples.add(new ArrayList<>());
                }
            }
            long[] base = new long[n];
            for (int i = 0; i < n; i++) {
                base[i] = in.getUvarint();
            }
            if (type == DONE) {
                for (int i = 0; i < n; i++) {
                    done[i] = Math.max(done[i], base[i]);
                }
                return;
            }
            if (type != SAMPLES) {
                throw new CorruptDataException("remote-write queue log: unknown record type [type=" + type + "]");
            }
            int count = in.getUvarintInt();
            Labels.Builder b = Labels.builder();
            for (int k = 0; k < count; k++) {
                b.reset();
                int nl = in.getUvarintInt();
                for (int j = 0; j < nl; j++) {
                    b.set(in.getString(), in.getString());
                }
                Labels l = b.build();
                long t = in.getLong();
                long bits = in.getLong();
                int s = shardOf(l, n);
                positions.get(s).add(new long[] {base[s]++});
                samples.get(s).add(new Owed(l, t, bits));
            }
        }

        /** Per shard of the epoch's layout, the samples past the done position, in order. */
        List<List<Owed>> owed() {
            List<List<Owed>> out = new ArrayList<>();
            for (int s = 0; s < Math.max(0, layout); s++) {
                List<Owed> l = new ArrayList<>();
                List<long[]> pos = positions.get(s);
                for (int i = 0; i < pos.size(); i++) {
                    if (pos.get(i)[0] >= done[s]) {
                        l.add(samples.get(s).get(i));
                    }
                }
                out.add(l);
            }
            return out;
        }

        @Override
        public String toString() {
            return "epoch[layout=" + layout + ", done=" + Arrays.toString(done) + "]";
        }
    }
}
