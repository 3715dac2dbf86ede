package ai.gatewayz.obs.logs.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import ai.gatewayz.obs.storage.wal.SegmentedLog;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour only the disk storage has: recovery from damage, flush, compaction, retention, skipping. */
class DiskLogStorageTest {
    private static final long DAY_NS = Duration.ofDays(1).toNanos();
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final Labels API = Labels.of("app", "api");

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atMillis(T0 / 1_000_000);

    private DiskLogStorage open(DiskStorageOptions o) {
        return DiskLogStorage.open("t", dir, o, clock);
    }

    private static void push(DiskLogStorage s, Labels l, long ts, String line) {
        LogAppender a = s.appender();
        a.append(l, LogEntry.of(ts, line));
        a.commit();
    }

    private static List<String> lines(DiskLogStorage s, List<String> literals) {
        List<String> out = new ArrayList<>();
        try (LogQuerier q = s.querier()) {
            StreamSet set = q.select(List.of(LabelMatcher.re("app", ".+")),
                    new SelectHints(Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD, literals));
            while (set.next()) {
                EntryIterator it = set.entries();
                while (it.next()) {
                    out.add(it.line());
                }
            }
        }
        return out;
    }

    @Test
    void tornWalTailIsCutAndReportedAndEverythingBeforeItSurvives() throws IOException {
        DiskLogStorage s = open(DiskStorageOptions.defaults());
        for (int i = 0; i < 10; i++) {
            push(s, API, T0 + i, "line " + i);
        }
        s.close();
        Path seg = SegmentedLog.segmentPath(dir.resolve("wal"), SegmentedLog.listSegments(dir.resolve("wal")).getFirst());
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(f.length() - 3); // tear the last record
        }
        DiskLogStorage reopened = open(DiskStorageOptions.defaults());
        assertThat(reopened.recovery().wal().repaired()).isTrue();
        assertThat(reopened.recovery().wal().droppedBytes()).isPositive();
        assertThat(lines(reopened, List.of())).hasSize(9).startsWith("line 0").endsWith("line 8");
        reopened.close();
    }

    @Test
    void garbageInTheWalMiddleDropsTheRestAndIsReportedNeverThrown() throws IOException {
        DiskLogStorage s = open(DiskStorageOptions.defaults());
        for (int i = 0; i < 10; i++) {
            push(s, API, T0 + i, "line " + i);
        }
        s.close();
        Path seg = SegmentedLog.segmentPath(dir.resolve("wal"), SegmentedLog.listSegments(dir.resolve("wal")).getFirst());
        byte[] b = Files.readAllBytes(seg);
        b[b.length / 2] ^= 0x5A;
        Files.write(seg, b);
        DiskLogStorage reopened = open(DiskStorageOptions.defaults());
        assertThat(reopened.recovery().wal().repaired()).isTrue();
        assertThat(lines(reopened, List.of())).hasSizeBetween(1, 9);
        push(reopened, API, T0 + 100, "after repair");
        assertThat(lines(reopened, List.of())).contains("after repair");
        reopened.close();
    }

    @Test
    void corruptChunkIsSkippedAndCountedOtherChunksStillRead() throws IOException {
        DiskStorageOptions o = DiskStorageOptions.defaults().withChunkTargetBytes(64);
        DiskLogStorage s = open(o);
        for (int i = 0; i < 40; i++) {
            push(s, API, T0 + i, "entry number " + i + " with some padding text");
        }
        s.flush();
        s.close();
        Path block;
        try (Stream<Path> files = Files.list(dir.resolve("blocks"))) {
            block = files.filter(p -> p.toString().endsWith(".blk")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(block);
        b[20] ^= 0x7F; // inside the first chunk's data
        Files.write(block, b);
        DiskLogStorage reopened = open(o);
        List<String> got = lines(reopened, List.of());
        assertThat(reopened.corruptChunks()).isEqualTo(1);
        assertThat(got).isNotEmpty().hasSizeLessThan(40).contains("entry number 39 with some padding text");
        reopened.close();
    }

    @Test
    void blockWithBadIndexIsMovedAsideAndCounted() throws IOException {
        DiskLogStorage s = open(DiskStorageOptions.defaults());
        push(s, API, T0, "in a block");
        s.flush();
        push(s, API, T0 + 1, "in the wal");
        s.close();
        Path block;
        try (Stream<Path> files = Files.list(dir.resolve("blocks"))) {
            block = files.filter(p -> p.toString().endsWith(".blk")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(block);
        b[b.length - 25] ^= 0x01; // inside the index
        Files.write(block, b);
        DiskLogStorage reopened = open(DiskStorageOptions.defaults());
        assertThat(reopened.recovery().corruptBlocks()).isEqualTo(1);
        assertThat(Files.exists(block.resolveSibling(block.getFileName() + ".corrupt"))).isTrue();
        assertThat(lines(reopened, List.of())).containsExactly("in the wal");
        reopened.close();
    }

    @Test
    void flushDropsCoveredWalSegmentsAndBlocksArePartitionedByDay() throws IOException {
        DiskLogStorage s = open(DiskStorageOptions.defaults());
        push(s, API, T0, "day one");
        push(s, API, T0 + DAY_NS, "day two");
        s.flush();
        assertThat(s.blockCount()).isEqualTo(2);
        assertThat(SegmentedLog.listSegments(dir.resolve("wal"))).hasSize(1);
        s.close();
        DiskLogStorage reopened = open(DiskStorageOptions.defaults());
        assertThat(reopened.recovery().entriesReplayed()).isZero();
        assertThat(lines(reopened, List.of())).containsExactly("day one", "day two");
        reopened.close();
    }

    @Test
    void compactionMergesAPartitionsBlocksIntoOneWithoutLosingOrDuplicating() {
        DiskLogStorage s = open(DiskStorageOptions.defaults());
        for (int round = 0; round < 4; round++) {
            push(s, API, T0 + round, "round " + round);
            push(s, API, T0, "round 0"); // duplicate across blocks
            s.flush();
        }
        assertThat(s.blockCount()).isEqualTo(4);
        s.compact();
        assertThat(s.blockCount()).isEqualTo(1);
        assertThat(lines(s, List.of())).containsExactly("round 0", "round 1", "round 2", "round 3");
        s.close();
    }

    @Test
    void openQuerierKeepsReadingBlocksThatCompactionReplaced() {
        DiskLogStorage s = open(DiskStorageOptions.defaults());
        for (int round = 0; round < 4; round++) {
            push(s, API, T0 + round, "round " + round);
            s.flush();
        }
        try (LogQuerier q = s.querier()) {
            s.compact();
            StreamSet set = q.select(List.of(), SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD));
            int n = 0;
            while (set.next()) {
                EntryIterator it = set.entries();
                while (it.next()) {
                    n++;
                }
            }
            assertThat(n).isEqualTo(4);
        }
        s.close();
    }

    @Test
    void retentionDeletesOnlyBlocksWhollyOlderThanThePeriod() {
        DiskStorageOptions o = DiskStorageOptions.defaults().withRetention(Duration.ofDays(30));
        DiskLogStorage s = open(o);
        push(s, API, T0 - 40 * DAY_NS, "forty days old");
        push(s, API, T0 - 10 * DAY_NS, "ten days old");
        s.flush();
        assertThat(s.blockCount()).isEqualTo(2);
        s.applyRetention();
        assertThat(lines(s, List.of())).containsExactly("ten days old");
        clock.advance(Duration.ofDays(25));
        s.applyRetention();
        assertThat(lines(s, List.of())).isEmpty();
        assertThat(s.blockCount()).isZero();
        s.close();
    }

    @Test
    void maintainFlushesOnceTheHeadIsOldEnough() {
        DiskLogStorage s = open(DiskStorageOptions.defaults());
        push(s, API, T0, "x");
        s.maintain();
        assertThat(s.blockCount()).isZero();
        clock.advance(Duration.ofMinutes(31));
        s.maintain();
        assertThat(s.blockCount()).isEqualTo(1);
        s.close();
    }

    @Test
    void needleQueryReadsOnlyChunksWhoseTrigramFilterAdmitsIt() {
        DiskStorageOptions o = DiskStorageOptions.defaults().withChunkTargetBytes(4096);
        DiskLogStorage s = open(o);
        LogAppender a = s.appender();
        for (int i = 0; i < 20_000; i++) {
            String trace = String.format("%032x", (long) i * 0x9E3779B97F4A7C15L);
            a.append(Labels.of("app", "api", "pod", "p" + (i % 4)), LogEntry.of(T0 + i,
                    "{\"level\":\"info\",\"msg\":\"request done\",\"status\":200,\"trace_id\":\"" + trace + "\"}"));
        }
        a.append(Labels.of("app", "api", "pod", "p1"), LogEntry.of(T0 + 5, "panic: NeedleOverflowException at Handler.java:42"));
        a.commit();
        s.flush();
        long chunks = s.chunkCount();
        long before = s.chunksRead();
        assertThat(lines(s, List.of("NeedleOverflowException"))).containsExactly(
                "panic: NeedleOverflowException at Handler.java:42");
        long read = s.chunksRead() - before;
        assertThat(chunks).isGreaterThan(100);
        assertThat(read).isLessThan(chunks / 10);
        s.close();
    }
}
