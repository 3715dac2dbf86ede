package ai.gatewayz.obs.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TSDB behaviour beyond the shared contract: WAL replay, checkpoints, repair, retention, OOO. */
class TsdbDurabilityTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atMillis(T0);

    private Tsdb open(TsdbOptions o) {
        return Tsdb.open(dir, o, clock);
    }

    private static Labels series(int i) {
        return Labels.of("__name__", "m", "i", Integer.toString(i));
    }

    /** Every sample of every series as series → t → raw bits. */
    private static TreeMap<Labels, TreeMap<Long, Long>> dump(Tsdb db) {
        TreeMap<Labels, TreeMap<Long, Long>> out = new TreeMap<>();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                TreeMap<Long, Long> m = new TreeMap<>();
                while (it.next()) {
                    m.put(it.t(), Double.doubleToRawLongBits(it.v()));
                }
                out.put(set.at().labels(), m);
            }
        }
        return out;
    }

    private static void write(Tsdb db, int seriesCount, int from, int to) {
        for (int t = from; t < to; t++) {
            Appender app = db.appender();
            for (int i = 0; i < seriesCount; i++) {
                double v = (t % 7 == 0) ? Values.STALE_NAN : t * 1.5 + i;
                app.append(0, series(i), T0 + t * 15_000L, v);
            }
            app.commit();
        }
    }

    @Test
    void reopenWithoutCloseReplaysTheWal() {
        Tsdb db = open(TsdbOptions.defaults());
        write(db, 20, 0, 300);
        TreeMap<Labels, TreeMap<Long, Long>> before = dump(db);
        // No close(): like a killed process, only what commit() wrote to the WAL is on disk.
        Tsdb again = open(TsdbOptions.defaults());
        assertThat(again.replayStats().samples()).isEqualTo(20 * 300);
        assertThat(dump(again)).isEqualTo(before);
        assertThat(before.get(series(3)).get(T0 + 7 * 15_000L)).isEqualTo(Values.STALE_NAN_BITS);
        again.close();
        db.wal.close();
    }

    @Test
    void checkpointsTruncateTheWalAndReplayIsExact() throws IOException {
        TsdbOptions o = TsdbOptions.defaults().withWal(4096, false, 2);
        Tsdb db = open(o);
        write(db, 10, 0, 400);
        assertThat(SegmentedLog.latestCheckpoint(dir.resolve("wal"))).isGreaterThan(0);
        // Segments kept are bounded: a checkpoint follows once the WAL since the last one is as large
        // as that checkpoint (and at least 2 segments).
        long cpBytes = java.nio.file.Files.size(SegmentedLog.checkpointPath(dir.resolve("wal"),
                SegmentedLog.latestCheckpoint(dir.resolve("wal"))));
        assertThat(SegmentedLog.listSegments(dir.resolve("wal")).size()).isLessThanOrEqualTo((int) (2 + cpBytes / 4096 + 2));
        Appender app = db.appender();
        app.appendExemplar(0, series(1), new Exemplar(Labels.of("trace_id", "abc"), 2.5, T0 + 1000));
        app.updateMetadata(series(1), new Metadata(MetricType.GAUGE, "help me", "seconds"));
        app.commit();
        db.checkpoint();
        write(db, 10, 400, 420);
        TreeMap<Labels, TreeMap<Long, Long>> before = dump(db);
        Tsdb again = open(o);
        assertThat(dump(again)).isEqualTo(before);
        assertThat(again.metadata("m", 0).get("m").getFirst()).isEqualTo(new Metadata(MetricType.GAUGE, "help me", "seconds"));
        assertThat(again.exemplars(T0, T0 + 2000, List.of(List.of(LabelMatcher.eq("i", "1")))))
                .singleElement().satisfies(e -> assertThat(e.exemplars())
                        .containsExactly(new Exemplar(Labels.of("trace_id", "abc"), 2.5, T0 + 1000)));
        // Appends continue after a checkpoint restore.
        Appender next = again.appender();
        next.append(0, series(1), T0 + 420 * 15_000L, 1);
        next.commit();
        again.close();
        db.wal.close();
        Tsdb third = open(o);
        assertThat(dump(third).get(series(1))).hasSize(421);
        third.close();
    }

    @Test
    void corruptWalTailIsCutAndEverythingBeforeItSurvives() throws IOException {
        Tsdb db = open(TsdbOptions.defaults());
        write(db, 5, 0, 100);
        TreeMap<Labels, TreeMap<Long, Long>> before = dump(db);
        write(db, 5, 100, 101); // the commit we will tear
        db.wal.close();
        Path seg = SegmentedLog.segmentPath(dir.resolve("wal"), 1);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        Tsdb again = open(TsdbOptions.defaults());
        assertThat(again.replayStats().repair().repaired()).isTrue();
        assertThat(again.replayStats().repair().droppedBytes()).isGreaterThan(0);
        assertThat(dump(again)).isEqualTo(before);
        // The repaired WAL takes new writes and survives another restart.
        write(again, 5, 100, 110);
        again.close();
        Tsdb third = open(TsdbOptions.defaults());
        assertThat(third.replayStats().repair().repaired()).isFalse();
        assertThat(dump(third).get(series(0))).hasSize(110);
        third.close();
    }

    @Test
    void garbageInTheMiddleOfTheLastSegmentIsCut() throws IOException {
        Tsdb db = open(TsdbOptions.defaults());
        write(db, 3, 0, 50);
        db.wal.close();
        Path seg = SegmentedLog.segmentPath(dir.resolve("wal"), 1);
        long len;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            len = f.length();
            f.seek(len / 2);
            f.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
        }
        Tsdb again = open(TsdbOptions.defaults());
        assertThat(again.replayStats().repair().corruptSegment()).isEqualTo(1);
        TreeMap<Long, Long> s0 = dump(again).get(series(0));
        assertThat(s0).isNotEmpty();
        assertThat(s0.size()).isLessThan(50);
        // What survives is a prefix: no gaps.
        assertThat(s0.lastKey()).isEqualTo(T0 + (s0.size() - 1) * 15_000L);
        again.close();
    }

    @Test
    void retentionByTimeRunsInVirtualTime() {
        TsdbOptions o = TsdbOptions.defaults().withRetention(Duration.ofHours(6), 0).withChunkPoints(120);
        Tsdb db = open(o);
        // 12 hours of 15 s samples for 2 series.
        write(db, 2, 0, 12 * 240);
        clock.set(java.time.Instant.ofEpochMilli(T0 + Duration.ofHours(12).toMillis()));
        db.maintain();
        TreeMap<Long, Long> s = dump(db).get(series(0));
        long cutoff = clock.millis() - Duration.ofHours(6).toMillis();
        // Whole chunks are dropped: nothing older than one chunk span before the cutoff is left.
        assertThat(s.firstKey()).isGreaterThanOrEqualTo(cutoff - 120 * 15_000L);
        assertThat(s.lastKey()).isEqualTo(T0 + (12 * 240 - 1) * 15_000L);
        assertThatThrownBy(() -> {
            Appender a = db.appender();
            a.append(0, series(9), cutoff - 1, 1);
        }).isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                e -> assertThat(e.reason()).isEqualTo(StorageErrors.Reason.OUT_OF_BOUNDS));
        // A series whose data all expired disappears.
        clock.advance(Duration.ofDays(1));
        db.maintain();
        assertThat(db.seriesCount()).isZero();
        db.close();
        assertThat(open(o).seriesCount()).isZero();
    }

    @Test
    void retentionBySizeDropsTheOldestChunks() {
        TsdbOptions o = TsdbOptions.defaults().withRetention(Duration.ofDays(365), 64 * 1024).withWal(8192, false, 1000);
        Tsdb db = open(o);
        write(db, 50, 0, 2000);
        long before = db.chunkBytes();
        assertThat(before).isGreaterThan(64 * 1024);
        db.maintain();
        assertThat(db.chunkBytes()).isLessThanOrEqualTo(32 * 1024);
        assertThat(db.chunkBytes() + db.walBytes()).isLessThanOrEqualTo(64 * 1024 + 8192);
        // The newest samples are kept.
        assertThat(dump(db).get(series(0)).lastKey()).isEqualTo(T0 + 1999 * 15_000L);
        db.close();
    }

    @Test
    void outOfOrderWindowAcceptsRecentLateSamplesAndTheyPersist() {
        TsdbOptions o = TsdbOptions.defaults().withOutOfOrderWindow(Duration.ofMinutes(10));
        Tsdb db = open(o);
        Appender a = db.appender();
        a.append(0, series(1), T0 + 600_000, 1);
        a.commit();
        Appender late = db.appender();
        late.append(0, series(1), T0 + 300_000, 2);
        late.append(0, series(1), T0 + 300_000, 2); // exact duplicate within the batch
        assertThatThrownBy(() -> late.append(0, series(1), T0 - 1, 3))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageErrors.Reason.OUT_OF_ORDER));
        late.commit();
        Appender conflict = db.appender();
        assertThatThrownBy(() -> conflict.append(0, series(1), T0 + 300_000, 9))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageErrors.Reason.DUPLICATE_TIMESTAMP));
        assertThat(dump(db).get(series(1))).containsOnlyKeys(T0 + 300_000, T0 + 600_000);
        db.wal.close();
        Tsdb again = open(o);
        assertThat(dump(again).get(series(1))).containsOnlyKeys(T0 + 300_000, T0 + 600_000);
        again.checkpoint();
        again.close();
        Tsdb third = open(o);
        assertThat(dump(third).get(series(1))).containsOnlyKeys(T0 + 300_000, T0 + 600_000);
        third.close();
    }

    @Test
    void replayingAnOlderBatchIsIdempotent() {
        Tsdb db = open(TsdbOptions.defaults());
        write(db, 2, 0, 10);
        Appender replay = db.appender();
        for (int t = 3; t < 10; t++) {
            replay.append(0, series(0), T0 + t * 15_000L, t % 7 == 0 ? Values.STALE_NAN : t * 1.5);
        }
        replay.commit();
        assertThat(dump(db).get(series(0))).hasSize(10);
        db.close();
    }

    @Test
    void seriesLimitRefusesNewSeriesOnly() {
        Tsdb db = open(TsdbOptions.defaults().withMaxSeries(2));
        Appender a = db.appender();
        a.append(0, series(1), T0, 1);
        a.append(0, series(2), T0, 1);
        assertThatThrownBy(() -> a.append(0, series(3), T0, 1))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageErrors.Reason.LIMIT))
                .hasMessageContaining("max_series");
        a.append(0, series(1), T0 + 1, 1);
        a.commit();
        assertThat(dump(db)).hasSize(2);
        db.close();
    }

    @Test
    void concurrentWritersAndReadersSeeWholeBatches() throws Exception {
        Tsdb db = open(TsdbOptions.defaults().withWal(64 * 1024, false, 2));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            fs.add(pool.submit(() -> {
                for (int t = 0; t < 500; t++) {
                    Appender app = db.appender();
                    for (int i = 0; i < 10; i++) {
                        app.append(0, series(writer * 100 + i), T0 + t * 1000L, t);
                    }
                    app.commit();
                }
            }));
        }
        fs.add(pool.submit(() -> {
            for (int r = 0; r < 200; r++) {
                TreeMap<Labels, TreeMap<Long, Long>> d = dump(db);
                for (int writer = 0; writer < 3; writer++) {
                    // Series of one writer always have equal sample counts: a batch is all or nothing.
                    int first = d.getOrDefault(series(writer * 100), new TreeMap<>()).size();
                    for (int i = 1; i < 10; i++) {
                        assertThat(d.getOrDefault(series(writer * 100 + i), new TreeMap<>()).size()).isEqualTo(first);
                    }
                }
            }
        }));
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        TreeMap<Labels, TreeMap<Long, Long>> all = dump(db);
        db.wal.close();
        assertThat(all).hasSize(30);
        assertThat(dump(open(TsdbOptions.defaults().withWal(64 * 1024, false, 2)))).isEqualTo(all);
    }
}
