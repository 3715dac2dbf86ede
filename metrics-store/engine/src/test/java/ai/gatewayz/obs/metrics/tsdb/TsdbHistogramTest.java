package ai.gatewayz.obs.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.tsdb.block.BlockMeta;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native histograms in the TSDB beyond the shared contract: WAL replay after a crash, checkpoints,
 * head cuts into blocks, compaction and reopening, out-of-order histograms, and float-only blocks
 * keeping index version 1.
 */
class TsdbHistogramTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atMillis(T0);

    private static Labels series(int i) {
        return Labels.of("__name__", "h", "i", Integer.toString(i));
    }

    /** A histogram for step {@code k} of series {@code i}: integer mostly, float every 5th, layout changing every 40 steps. */
    static Histogram hist(int i, int k) {
        int width = 2 + (k / 40) % 3;
        if (k % 5 == 4) {
            double[] pos = new double[width];
            for (int b = 0; b < width; b++) {
                pos[b] = k * 0.25 + b + i;
            }
            return Histogram.ofFloat(ResetHint.GAUGE, 2, 1e-3, 0.5, 9.5 + k, k * 0.1, new Span[] {new Span(1, width)}, pos,
                    new Span[0], new double[0]);
        }
        long[] pos = new long[width];
        for (int b = 0; b < width; b++) {
            pos[b] = k + b + i;
        }
        return Histogram.ofIntegerCounts(k == 0 ? ResetHint.UNKNOWN : ResetHint.NO, 0, 1e-128, k, 3L * k + i, k * 2.5 - i,
                new Span[] {new Span(-2, width)}, pos, new Span[] {new Span(0, 1)}, new long[] {k});
    }

    /** Float samples at even steps, histograms at odd steps, for {@code n} series. */
    private static void write(Tsdb db, int n, int from, int to) {
        for (int k = from; k < to; k++) {
            Appender app = db.appender();
            for (int i = 0; i < n; i++) {
                long t = T0 + k * 15_000L;
                if (k % 2 == 0 && i % 2 == 0) {
                    app.append(0, series(i), t, k + i * 0.5);
                } else {
                    app.appendHistogram(0, series(i), t, hist(i, k));
                }
            }
            app.commit();
        }
    }

    /** Every sample: series → t → "f:<bits>" or the histogram's string form. */
    static TreeMap<Labels, TreeMap<Long, String>> dump(ai.gatewayz.obs.metrics.storage.Storage db) {
        TreeMap<Labels, TreeMap<Long, String>> out = new TreeMap<>();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            SampleIterator it = null;
            HistogramIterator hit = null;
            while (set.next()) {
                TreeMap<Long, String> m = new TreeMap<>();
                it = set.at().iterator(it);
                while (it.next()) {
                    m.put(it.t(), "f:" + Long.toHexString(Double.doubleToRawLongBits(it.v())));
                }
                hit = set.at().histogramIterator(hit);
                while (hit.next()) {
                    String prev = m.put(hit.t(), hit.h().toString());
                    assertThat(prev).as("a float and a histogram at one timestamp").isNull();
                }
                out.put(set.at().labels(), m);
            }
        }
        return out;
    }

    @Test
    void histogramsSurviveACrashThroughWalReplay() {
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        write(db, 6, 0, 300);
        TreeMap<Labels, TreeMap<Long, String>> before = dump(db);
        assertThat(before.get(series(1))).hasSize(300);
        assertThat(before.get(series(1)).get(T0 + 15_000L)).isEqualTo(hist(1, 1).toString());
        // No close(): only what commit() wrote to the WAL is on disk.
        Tsdb again = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        assertThat(again.replayStats().samples()).isEqualTo(6 * 300);
        assertThat(dump(again)).isEqualTo(before);
        // Appends continue: the newest histogram was restored as the series' last sample.
        Appender app = again.appender();
        app.appendHistogram(0, series(1), T0 + 299 * 15_000L, hist(1, 299)); // exact duplicate: a no-op
        app.appendHistogram(0, series(1), T0 + 300 * 15_000L, hist(1, 300));
        app.commit();
        assertThat(dump(again).get(series(1))).hasSize(301);
        again.close();
        db.wal.close();
    }

    @Test
    void checkpointedHistogramChunksAndTheWalAfterThemReplayExactly() {
        TsdbOptions o = TsdbOptions.defaults().withWal(4096, false, 2);
        Tsdb db = Tsdb.open(dir, o, clock);
        write(db, 4, 0, 200);
        db.checkpoint();
        write(db, 4, 200, 230);
        TreeMap<Labels, TreeMap<Long, String>> before = dump(db);
        Tsdb again = Tsdb.open(dir, o, clock);
        assertThat(again.replayStats().checkpoint()).isGreaterThan(0);
        assertThat(dump(again)).isEqualTo(before);
        again.close();
        db.wal.close();
        Tsdb third = Tsdb.open(dir, o, clock);
        assertThat(dump(third)).isEqualTo(before);
        third.close();
    }

    @Test
    void headCutsAndCompactionKeepHistogramsAndReopenReadsThemFromBlocks() {
        TsdbOptions o = TsdbOptions.defaults().withBlocks(Duration.ofMinutes(10), 64);
        Tsdb db = Tsdb.open(dir, o, clock);
        write(db, 5, 0, 400); // 100 minutes
        TreeMap<Labels, TreeMap<Long, String>> before = dump(db);
        clock.advance(Duration.ofMinutes(100));
        db.maintain();
        List<BlockMeta> blocks = db.blocks();
        assertThat(blocks).isNotEmpty();
        assertThat(blocks.stream().mapToInt(BlockMeta::level).max().orElseThrow()).as("compacted").isGreaterThan(1);
        assertThat(db.chunkBytes()).as("head holds less than everything").isGreaterThan(0);
        assertThat(dump(db)).isEqualTo(before);
        db.close();
        Tsdb again = Tsdb.open(dir, o, clock);
        assertThat(dump(again)).isEqualTo(before);
        // A range read served by blocks only returns exactly the samples in range.
        try (Querier q = again.querier(T0 + 15_000L * 10, T0 + 15_000L * 20)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.eq("i", "3")));
            assertThat(set.next()).isTrue();
            HistogramIterator it = set.at().histogramIterator(null);
            int n = 0;
            while (it.next()) {
                assertThat(it.h()).isEqualTo(hist(3, 10 + n));
                n++;
            }
            assertThat(n).isEqualTo(11);
        }
        again.close();
    }

    @Test
    void outOfOrderHistogramsWithinTheWindowAreStoredAndReplayed() {
        TsdbOptions o = TsdbOptions.defaults().withOutOfOrderWindow(Duration.ofMinutes(5));
        Tsdb db = Tsdb.open(dir, o, clock);
        Appender app = db.appender();
        app.appendHistogram(0, series(0), T0 + 60_000, hist(0, 4));
        app.commit();
        Appender late = db.appender();
        late.appendHistogram(0, series(0), T0 + 30_000, hist(0, 2));
        late.append(0, series(0), T0 + 45_000, 7);
        late.commit();
        TreeMap<Labels, TreeMap<Long, String>> before = dump(db);
        assertThat(before.get(series(0))).containsOnlyKeys(T0 + 30_000, T0 + 45_000, T0 + 60_000);
        Tsdb again = Tsdb.open(dir, o, clock);
        assertThat(dump(again)).isEqualTo(before);
        again.close();
        db.wal.close();
    }

    @Test
    void theWalHistogramRecordHasTheDocumentedBytes() throws Exception {
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), TestClock.atMillis(0));
        Appender app = db.appender();
        app.appendHistogram(0, series(0), 1000, Histogram.ofIntegerCounts(ResetHint.NO, 0, 0, 0, 3, 4,
                new Span[] {new Span(0, 2)}, new long[] {1, 2}, new Span[0], new long[0]));
        app.commit();
        // docs/formats/wal.md, HISTOGRAMS example
        String record = "0501d00f0100" + "04000000000000000000010002" + "00" + "4010000000000000" + "06000202";
        String wal;
        try (var files = Files.list(dir.resolve("wal"))) {
            Path seg = files.filter(p -> p.getFileName().toString().matches("\\d{8}")).max(Path::compareTo).orElseThrow();
            wal = java.util.HexFormat.of().formatHex(Files.readAllBytes(seg));
        }
        assertThat(wal).contains(record);
        db.close();
    }

    @Test
    void floatOnlyBlocksKeepIndexVersionOneAndHistogramBlocksUseVersionTwo() throws Exception {
        TsdbOptions o = TsdbOptions.defaults().withBlocks(Duration.ofMinutes(10), 64);
        Tsdb db = Tsdb.open(dir, o, clock);
        for (int k = 0; k < 200; k++) {
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "f"), T0 + k * 15_000L, k);
            if (k >= 100) {
                app.appendHistogram(0, series(0), T0 + k * 15_000L, hist(0, k));
            }
            app.commit();
        }
        clock.advance(Duration.ofMinutes(50));
        db.maintain();
        int v1 = 0;
        int v2 = 0;
        for (BlockMeta m : db.blocks()) {
            byte[] index = Files.readAllBytes(dir.resolve("blocks").resolve(m.id()).resolve("index"));
            if (index[4] == 1) {
                v1++;
            } else if (index[4] == 2) {
                v2++;
            }
        }
        assertThat(v1).as("blocks before the first histogram").isGreaterThan(0);
        assertThat(v2).as("blocks holding histograms").isGreaterThan(0);
        db.close();
    }
}
