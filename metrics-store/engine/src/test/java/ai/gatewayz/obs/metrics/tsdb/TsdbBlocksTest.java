package ai.gatewayz.obs.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.tsdb.block.BlockMeta;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Head cut into blocks, block compaction, retention of blocks, crash safety and corruption, in virtual time. */
class TsdbBlocksTest {
    private static final long H = 3_600_000L;
    /** A 54h-aligned start, so cuts and compactions fall on predictable boundaries. */
    private static final long T0 = 1_700_028_000_000L;
    /** A NaN payload that is neither the stale marker nor Java's or Go's NaN. */
    private static final long ODD_NAN = 0x7ff4000000000abcL;

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atMillis(T0);

    private static Labels series(int i) {
        return Labels.of("__name__", i % 2 == 0 ? "m_total" : "g", "i", Integer.toString(i), "job", "j" + (i % 3));
    }

    private static long bits(int i, long step) {
        if (step % 53 == 0) {
            return Values.STALE_NAN_BITS;
        }
        if (step % 89 == 0) {
            return ODD_NAN;
        }
        return Double.doubleToRawLongBits(i % 2 == 0 ? step * 3 + i : Math.sin(step * 0.01 + i) * 100);
    }

    /** Writes {@code series} series every 15 s for steps [from, to), advancing the clock; returns what was written. */
    private void write(Tsdb db, int seriesCount, long from, long to, TreeMap<Labels, TreeMap<Long, Long>> expect) {
        for (long step = from; step < to; step++) {
            long t = T0 + step * 15_000L;
            clock.set(java.time.Instant.ofEpochMilli(t));
            Appender app = db.appender();
            for (int i = 0; i < seriesCount; i++) {
                long b = bits(i, step);
                app.append(0, series(i), t, Double.longBitsToDouble(b));
                expect.computeIfAbsent(series(i), k -> new TreeMap<>()).put(t, b);
            }
            app.commit();
        }
    }

    /** Every sample of every series as series → t → raw bits. */
    static TreeMap<Labels, TreeMap<Long, Long>> dump(Tsdb db, long mint, long maxt) {
        TreeMap<Labels, TreeMap<Long, Long>> out = new TreeMap<>();
        try (Querier q = db.querier(mint, maxt)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            SampleIterator it = null;
            Labels prev = null;
            while (set.next()) {
                assertThat(prev == null || prev.compareTo(set.at().labels()) < 0).as("sorted and unique").isTrue();
                prev = set.at().labels();
                it = set.at().iterator(it);
                TreeMap<Long, Long> m = new TreeMap<>();
                long last = Long.MIN_VALUE;
                while (it.next()) {
                    assertThat(it.t()).isGreaterThan(last);
                    last = it.t();
                    m.put(it.t(), Double.doubleToRawLongBits(it.v()));
                }
                out.put(set.at().labels(), m);
            }
        }
        return out;
    }

    private static TreeMap<Labels, TreeMap<Long, Long>> dump(Tsdb db) {
        return dump(db, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void headIsCutIntoBlocksAndQueriesAreEqualBeforeAndAfterAndAcrossRestart() {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        write(db, 12, 0, 8 * 240, expect); // 8 hours of 15 s samples
        assertThat(dump(db)).isEqualTo(expect);
        long headBefore = db.chunkBytes();

        db.maintain();
        List<BlockMeta> blocks = db.blocks();
        // 8h of head: cuts [0,2h), [2h,4h), [4h,6h) until the head spans at most 3h, then 3 × 2h compact to 6h
        assertThat(blocks).hasSize(1);
        assertThat(blocks.getFirst().minTime()).isEqualTo(T0);
        assertThat(blocks.getFirst().maxTime()).isEqualTo(T0 + 6 * H);
        assertThat(blocks.getFirst().level()).isEqualTo(2);
        assertThat(blocks.getFirst().sources()).hasSize(3);
        assertThat(blocks.getFirst().numSamples()).isEqualTo(12L * 6 * 240);
        assertThat(db.chunkBytes()).isLessThan(headBefore / 3);
        assertThat(dump(db)).isEqualTo(expect);
        assertThat(dump(db, T0 + 6 * H - 15_000, T0 + 6 * H)).allSatisfy((l, m) -> assertThat(m).hasSize(2)); // across the cut
        Labels one = series(4);
        assertThat(dump(db, T0 + H, T0 + 7 * H).get(one)).isEqualTo(expect.get(one).subMap(T0 + H, true, T0 + 7 * H, true));
        db.close();

        Tsdb again = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        assertThat(again.blocks()).isEqualTo(blocks);
        assertThat(again.replayStats().samples()).isEqualTo(12L * 2 * 240); // replay covers the head only
        assertThat(dump(again)).isEqualTo(expect);
        write(again, 12, 8 * 240, 8 * 240 + 10, expect); // series refs still work after the cut
        assertThat(dump(again)).isEqualTo(expect);
        again.close();
    }

    @Test
    void compactionKeepsEverySampleBitExactAndUsesLongChunks() {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        for (int hour = 0; hour < 24; hour += 2) {
            write(db, 6, hour * 240L, (hour + 2) * 240L, expect);
            db.maintain(); // every 2h, as the server's timer would
        }
        List<BlockMeta> blocks = db.blocks();
        assertThat(blocks).extracting(BlockMeta::level).contains(3); // 18h block out of 6h blocks
        assertThat(blocks.getFirst().maxTime() - blocks.getFirst().minTime()).isEqualTo(18 * H);
        long samples = blocks.stream().mapToLong(BlockMeta::numSamples).sum();
        long chunks = blocks.stream().mapToLong(BlockMeta::numChunks).sum();
        assertThat(samples / chunks).isGreaterThanOrEqualTo(400); // re-encoded to 480-point chunks
        assertThat(dump(db)).isEqualTo(expect);
        db.close();
        try (Tsdb again = Tsdb.open(dir, TsdbOptions.defaults(), clock)) {
            assertThat(dump(again)).isEqualTo(expect);
        }
    }

    @Test
    void lateSamplesInAPersistedRangeAreMergedAtQueryTimeAndCompactedIn() {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withOutOfOrderWindow(Duration.ofHours(12)), clock);
        write(db, 3, 0, 4 * 240, expect);
        db.maintain();
        assertThat(db.blocks()).hasSize(1);
        long late = T0 + 30 * 60_000L + 7; // inside the persisted [0, 2h)
        Appender app = db.appender();
        app.append(0, series(1), late, 42.5);
        app.append(0, series(1), T0 + 60 * 15_000L, Double.longBitsToDouble(bits(1, 60))); // exact duplicate of a persisted sample
        app.commit();
        expect.get(series(1)).put(late, Double.doubleToRawLongBits(42.5));
        assertThat(dump(db)).isEqualTo(expect);
        db.maintain(); // the head now spans > 3h again: the late range is cut into an overlapping block and merged
        assertThat(db.blocks()).allSatisfy(b -> assertThat(b.minTime()).isGreaterThanOrEqualTo(T0));
        assertThat(db.blocks().stream().filter(b -> b.minTime() <= late && late < b.maxTime()).count()).isEqualTo(1);
        assertThat(dump(db)).isEqualTo(expect);
        db.close();
    }

    @Test
    void retentionDeletesWholeBlocksInVirtualTime() {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withRetention(Duration.ofHours(10), 0), clock);
        write(db, 4, 0, 12 * 240, expect);
        clock.advance(Duration.ofSeconds(15)); // now = T0 + 12h: [0, 2h) is wholly older than now - 10h
        db.maintain();
        // retention 10h caps blocks at 1h? no: at retention/10 = 1h < 2h, so blocks stay at level 1
        assertThat(db.blocks()).isNotEmpty().allSatisfy(b -> assertThat(b.level()).isEqualTo(1));
        assertThat(db.blocks().getFirst().minTime()).isEqualTo(T0 + 2 * H); // [0,2h) ended before now - 10h
        List<String> ids = db.blocks().stream().map(BlockMeta::id).toList();
        clock.advance(Duration.ofHours(13));
        db.maintain();
        assertThat(db.blocks()).isEmpty();
        for (String id : ids) {
            assertThat(Files.exists(dir.resolve("blocks").resolve(id))).isFalse();
        }
        assertThat(dump(db)).isEmpty();
        db.close();
    }

    @Test
    void retentionBySizeDeletesOldestBlocksFirst() {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        write(db, 20, 0, 16 * 240, expect);
        db.maintain();
        long total = db.blockBytes();
        assertThat(db.blocks()).hasSizeGreaterThan(1);
        BlockMeta newest = db.blocks().getLast();
        long newestBytes = ai.gatewayz.obs.metrics.tsdb.block.BlockFiles.sizeOf(dir.resolve("blocks").resolve(newest.id()));
        long head = db.chunkBytes();
        db.close();
        Tsdb small = Tsdb.open(dir, TsdbOptions.defaults().withRetention(Duration.ofDays(30), newestBytes + 3 * head), clock);
        small.maintain();
        assertThat(small.blocks()).contains(newest);
        assertThat(small.blockBytes()).isLessThan(total);
        assertThat(small.blocks().getFirst().minTime()).isGreaterThan(T0);
        small.close();
    }

    @Test
    void crashBeforeRenameLeavesTheOldStateAndTheTmpDirIsDeleted() throws IOException {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        write(db, 5, 0, 4 * 240, expect);
        db.maintain();
        db.close();
        Path blocks = dir.resolve("blocks");
        String id = db.blocks().getFirst().id();
        // a block written but not renamed: an exact copy under the tmp name, as a crash would leave it
        Path tmp = blocks.resolve("01ZZZZZZZZZZZZZZZZZZZZZZZZ.tmp");
        Files.createDirectories(tmp);
        try (Stream<Path> s = Files.list(blocks.resolve(id))) {
            for (Path f : s.toList()) {
                Files.copy(f, tmp.resolve(f.getFileName()));
            }
        }
        Tsdb again = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        assertThat(Files.exists(tmp)).isFalse();
        assertThat(again.blocks()).extracting(BlockMeta::id).containsExactly(id);
        assertThat(dump(again)).isEqualTo(expect);
        again.close();
    }

    @Test
    void crashAfterCompactionBeforeSourcesAreDeletedKeepsOneCopy() throws IOException {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Path saved = Files.createDirectories(dir.resolve("saved"));
        Path data = dir.resolve("data");
        Tsdb db = Tsdb.open(data, TsdbOptions.defaults(), clock);
        write(db, 5, 0, 8 * 240 - 1, expect);
        // cut without compaction: copy level-1 blocks aside as they appear
        for (int i = 0; i < 3; i++) {
            HeadCompactor.cut(db, db.blocks, T0 + i * 2 * H, T0 + (i + 1) * 2 * H);
        }
        for (BlockMeta m : db.blocks()) {
            copyTree(data.resolve("blocks").resolve(m.id()), saved.resolve(m.id()));
        }
        db.maintain(); // compacts the three into one and deletes them
        assertThat(db.blocks()).hasSize(1);
        db.close();
        try (Stream<Path> s = Files.list(saved)) { // put the sources back, as if the deletes never happened
            for (Path p : s.toList()) {
                copyTree(p, data.resolve("blocks").resolve(p.getFileName()));
            }
        }
        Tsdb again = Tsdb.open(data, TsdbOptions.defaults(), clock);
        assertThat(again.blocks()).hasSize(1);
        assertThat(dump(again)).isEqualTo(expect);
        again.close();
    }

    @Test
    void corruptBlockFilesGiveClearErrors() throws IOException {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        write(db, 5, 0, 4 * 240, expect);
        db.maintain();
        db.close();
        Path block = dir.resolve("blocks").resolve(db.blocks().getFirst().id());
        Path chunks = block.resolve("chunks");
        flip(chunks, 100);
        Tsdb again = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        assertThatThrownBy(() -> dump(again)).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("chunk checksum mismatch").hasMessageContaining("file=" + chunks).hasMessageContaining("offset=");
        again.close();
        flip(chunks, 100);
        Path index = block.resolve("index");
        flip(index, Files.size(index) - 30); // inside the table of contents
        assertThatThrownBy(() -> Tsdb.open(dir, TsdbOptions.defaults(), clock)).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("file=" + index).hasMessageContaining("offset=");
    }

    @Test
    void labelNamesAndValuesIncludeSeriesOnlyInBlocks() {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        Appender app = db.appender();
        app.append(0, Labels.of("__name__", "gone", "zone", "z1"), T0, 1);
        app.commit();
        write(db, 2, 1, 4 * 240, expect);
        db.maintain();
        assertThat(db.seriesCount()).isEqualTo(2); // the stopped series was dropped from the head
        try (Querier q = db.querier(T0, T0 + 4 * H)) {
            assertThat(q.labelValues("zone", List.of())).containsExactly("z1");
            assertThat(q.labelValues("__name__", List.of())).containsExactly("g", "gone", "m_total");
            assertThat(q.labelNames(List.of(LabelMatcher.eq("__name__", "gone")))).containsExactly("__name__", "zone");
        }
        db.close();
    }

    @Test
    void labelNamesAndValuesFromTheIndexesEqualTheSelectedSeriesAndForgetExpiredOnes() {
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withRetention(Duration.ofHours(10), 0), clock);
        write(db, 6, 0, 240, expect); // i=3..5 only in the first hour
        write(db, 3, 240, 4 * 240, expect);
        db.maintain();
        assertThat(db.blocks()).isNotEmpty();
        List<List<LabelMatcher>> sets = List.of(List.of(), List.of(LabelMatcher.eq("job", "j1")),
                List.of(LabelMatcher.re("__name__", "g|m_total"), LabelMatcher.neq("i", "3")),
                List.of(LabelMatcher.re("i", "1|4")), List.of(LabelMatcher.eq("job", "")),
                List.of(LabelMatcher.nre("job", "j0")), List.of(LabelMatcher.eq("__name__", "g"), LabelMatcher.eq("i", "4")));
        long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE}, {T0, T0 + 4 * H}, {T0 + H / 2, T0 + 3 * H / 2},
                {T0 + 2 * H, T0 + 4 * H}, {T0 + H + 60_000, T0 + 3 * H}, {T0 + 5 * H, T0 + 6 * H}};
        for (long[] r : ranges) {
            for (List<LabelMatcher> ms : sets) {
                assertIndexAnswersEqualSelect(db, r[0], r[1], ms);
            }
        }
        try (Querier q = db.querier(T0 + 2 * H, T0 + 4 * H)) {
            assertThat(q.labelValues("i", List.of())).containsExactly("0", "1", "2");
        }
        clock.set(java.time.Instant.ofEpochMilli(T0 + 12 * H + 1)); // [T0, T0 + 2h) is older than now - 10h
        db.maintain();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(q.labelValues("i", List.of())).containsExactly("0", "1", "2");
            assertThat(q.labelValues("i", List.of(LabelMatcher.re("i", "1|4")))).containsExactly("1");
        }
        clock.set(java.time.Instant.ofEpochMilli(T0 + 15 * H));
        db.maintain();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(q.labelNames(List.of())).isEmpty();
            assertThat(q.labelValues("__name__", List.of())).isEmpty();
        }
        db.close();
    }

    /** The index-backed answers equal what selecting the series and reading their labels gives. */
    private static void assertIndexAnswersEqualSelect(Tsdb db, long mint, long maxt, List<LabelMatcher> ms) {
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> is = new TreeSet<>();
        TreeSet<String> jobs = new TreeSet<>();
        try (Querier q = db.querier(mint, maxt)) {
            SeriesSet set = q.select(false, ms.isEmpty() ? List.of(LabelMatcher.re("__name__", ".+")) : ms);
            while (set.next()) {
                Labels l = set.at().labels();
                l.forEach((n, v) -> names.add(n));
                is.add(l.get("i"));
                if (!l.get("job").isEmpty()) {
                    jobs.add(l.get("job"));
                }
            }
            String what = "range [" + mint + ", " + maxt + "] matchers " + ms;
            assertThat(q.labelNames(ms)).as(what).containsExactlyElementsOf(names);
            assertThat(q.labelValues("i", ms)).as(what).containsExactlyElementsOf(is);
            assertThat(q.labelValues("job", ms)).as(what).containsExactlyElementsOf(jobs);
        }
    }

    @Test
    void cutsAndCompactionsWhileWritingLoseNothing() throws Exception {
        TsdbOptions o = TsdbOptions.defaults().withBlocks(Duration.ofSeconds(1), 64).withOutOfOrderWindow(Duration.ofSeconds(5));
        Tsdb db = Tsdb.open(dir, o, clock);
        TreeMap<Labels, TreeMap<Long, Long>> expect = new TreeMap<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread maintainer = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                db.maintain();
            }
        });
        for (long k = 0; k < 3000; k++) {
            Appender app = db.appender();
            for (int i = 0; i < 8; i++) {
                long t = T0 + k * 10;
                long b = bits(i, k);
                app.append(0, series(i), t, Double.longBitsToDouble(b));
                expect.computeIfAbsent(series(i), x -> new TreeMap<>()).put(t, b);
                if (i == 0 && k > 300 && k % 7 == 0) { // a late sample 2.995 s back: often below a cut in progress
                    long late = t - 2995;
                    app.append(0, series(i), late, 0.5);
                    expect.get(series(i)).put(late, Double.doubleToRawLongBits(0.5));
                }
            }
            app.commit();
            if (k % 500 == 0) {
                assertThat(dump(db, T0, T0 + k * 10)).isEqualTo(head(expect, T0 + k * 10));
            }
        }
        done.set(true);
        maintainer.join();
        db.maintain();
        assertThat(db.blocks()).isNotEmpty();
        assertThat(dump(db)).isEqualTo(expect);
        db.close();
        try (Tsdb again = Tsdb.open(dir, o, clock)) {
            assertThat(dump(again)).isEqualTo(expect);
        }
    }

    private static TreeMap<Labels, TreeMap<Long, Long>> head(TreeMap<Labels, TreeMap<Long, Long>> all, long maxt) {
        TreeMap<Labels, TreeMap<Long, Long>> out = new TreeMap<>();
        all.forEach((l, m) -> out.put(l, new TreeMap<>(m.headMap(maxt, true))));
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void flip(Path p, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }
}
