package ai.gatewayz.obs.traces.disk;

import static ai.gatewayz.obs.traces.storage.TestSpans.rich;
import static ai.gatewayz.obs.traces.storage.TestSpans.span;
import static ai.gatewayz.obs.traces.storage.TestSpans.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.gatewayz.obs.storage.wal.SegmentedLog;
import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.storage.TraceStorage;
import ai.gatewayz.obs.traces.storage.TraceStorageContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskTraceStorageTest extends TraceStorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected TraceStorage create(TestClock clock) {
        return DiskTraceStorage.open(DiskOptions.defaults(dir), clock);
    }

    private DiskTraceStorage disk() {
        return (DiskTraceStorage) storage;
    }

    @Test
    void walReplaysWhatWasNeverCut() {
        Span a = rich(1, 2, T0);
        storage.append("t1", List.of(a));
        // no close: a second instance sees only the WAL, as after a crash
        DiskTraceStorage again = DiskTraceStorage.open(DiskOptions.defaults(dir), clock);
        assertEquals(1, again.recovery().walRecords());
        assertEquals(List.of(a), again.trace("t1", trace(1), 0, Long.MAX_VALUE));
        again.close();
    }

    @Test
    void closeCutsEverythingAndReopenReadsBlocks() {
        Span a = rich(1, 2, T0);
        storage.append("t1", List.of(a));
        storage.close();
        storage = DiskTraceStorage.open(DiskOptions.defaults(dir), clock);
        assertEquals(0, disk().recovery().walRecords());
        assertEquals(1, disk().recovery().blocksOpened());
        assertEquals(List.of(a), storage.trace("t1", trace(1), 0, Long.MAX_VALUE));
    }

    @Test
    void idleTracesAreCutByTheClockOnly() {
        storage.append("t1", List.of(span(1, 1, 0, "a", T0, 1)));
        clock.advance(Duration.ofSeconds(9));
        storage.maintain();
        assertEquals(1, disk().liveTraces("t1"));
        assertEquals(0, disk().blockCount("t1"));
        clock.advance(Duration.ofSeconds(1));
        storage.maintain();
        assertEquals(0, disk().liveTraces("t1"));
        assertEquals(1, disk().blockCount("t1"));
    }

    @Test
    void cuttingDropsWalSegmentsNoLiveTraceNeeds() throws IOException {
        storage.append("t1", List.of(span(1, 1, 0, "a", T0, 1)));
        clock.advance(Duration.ofSeconds(5));
        storage.append("t1", List.of(span(2, 1, 0, "b", T0, 1)));
        clock.advance(Duration.ofSeconds(5));
        disk().cut(false); // cuts trace 1 only; trace 2 still needs the first segment
        assertEquals(1, disk().liveTraces("t1"));
        assertEquals(List.of(1, 2), SegmentedLog.listSegments(dir.resolve("wal")));
        clock.advance(Duration.ofSeconds(5));
        disk().cut(false);
        assertEquals(List.of(3), SegmentedLog.listSegments(dir.resolve("wal")));
    }

    @Test
    void compactionMergesATraceSpreadOverBlocks() {
        Span root = span(1, 1, 0, "root", T0, 1000);
        Span child = span(1, 2, 1, "child", T0 + 10, 10);
        storage.append("t1", List.of(root));
        settle();
        storage.append("t1", List.of(child, root));
        disk().cut(true);
        assertEquals(2, disk().blockCount("t1"));
        disk().compact();
        assertEquals(1, disk().blockCount("t1"));
        assertEquals(List.of(root, child), storage.trace("t1", trace(1), 0, Long.MAX_VALUE));
        assertEquals(1, scanAll("t1", 0, Long.MAX_VALUE).size());
    }

    @Test
    void aWindowStillFillingIsMergedATierAtATimeAndWholeOnceItStops() {
        // one block per maintain, all in T0's window: each cut adds to it, so it is still filling
        for (int i = 0; i < DiskTraceStorage.TIER - 1; i++) {
            storage.append("t1", List.of(span(100 + i, 1, 0, "a", T0 + i, 1)));
            clock.advance(Duration.ofSeconds(10));
            storage.maintain();
        }
        assertEquals(DiskTraceStorage.TIER - 1, disk().blockCount("t1"), "fewer than a tier: nothing merged");
        storage.append("t1", List.of(span(200, 1, 0, "a", T0 + 50, 1)));
        clock.advance(Duration.ofSeconds(10));
        storage.maintain();
        assertEquals(1, disk().blockCount("t1"), "a full tier of cut blocks is merged");
        storage.append("t1", List.of(span(300, 1, 0, "a", T0 + 60, 1)));
        clock.advance(Duration.ofSeconds(10));
        storage.maintain();
        assertEquals(2, disk().blockCount("t1"), "a merged block is not merged again with one new cut");
        clock.advance(Duration.ofSeconds(10));
        storage.maintain(); // nothing cut: the window has stopped filling
        assertEquals(1, disk().blockCount("t1"));
        for (int i = 0; i < DiskTraceStorage.TIER - 1; i++) {
            assertEquals(1, storage.trace("t1", trace(100 + i), 0, Long.MAX_VALUE).size(), "trace " + (100 + i));
        }
        assertEquals(1, storage.trace("t1", trace(300), 0, Long.MAX_VALUE).size());
    }

    @Test
    void retentionIsPerTenantWithSevenDaysByDefault() {
        storage.close();
        storage = DiskTraceStorage.open(DiskOptions.defaults(dir).withRetention(DiskOptions.DEFAULT_RETENTION,
                Map.of("short", Duration.ofHours(1))), clock);
        long now = clock.millis() * 1_000_000L;
        storage.append("short", List.of(span(1, 1, 0, "a", now - Duration.ofHours(2).toNanos(), 1)));
        storage.append("long", List.of(span(1, 1, 0, "a", now - Duration.ofHours(2).toNanos(), 1)));
        storage.maintain(); // nothing idle yet
        clock.advance(Duration.ofMinutes(1));
        storage.maintain();
        assertEquals(0, disk().blockCount("short"));
        assertEquals(1, disk().blockCount("long"));
        clock.advance(Duration.ofDays(7));
        storage.maintain();
        assertEquals(0, disk().blockCount("long"));
    }

    @Test
    void tornWalTailIsRepairedAndReported() throws IOException {
        storage.append("t1", List.of(span(1, 1, 0, "a", T0, 1)));
        storage.append("t1", List.of(span(2, 1, 0, "b", T0, 1)));
        Path seg = SegmentedLog.segmentPath(dir.resolve("wal"), 1);
        long size = Files.size(seg);
        try (var ch = java.nio.channels.FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        DiskTraceStorage again = DiskTraceStorage.open(DiskOptions.defaults(dir), clock);
        assertTrue(again.recovery().wal().repaired());
        assertEquals(1, again.recovery().walRecords());
        assertEquals(1, again.trace("t1", trace(1), 0, Long.MAX_VALUE).size());
        assertEquals(List.of(), again.trace("t1", trace(2), 0, Long.MAX_VALUE));
        again.close();
    }

    @Test
    void corruptBlockIsMovedAsideAndCounted() throws IOException {
        storage.append("t1", List.of(span(1, 1, 0, "a", T0, 1)));
        storage.close();
        Path block;
        try (Stream<Path> s = Files.list(dir.resolve("blocks").resolve("t1"))) {
            block = s.findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(block);
        b[20] ^= 0x40;
        Files.write(block, b);
        storage = DiskTraceStorage.open(DiskOptions.defaults(dir), clock);
        assertEquals(1, disk().recovery().corruptBlocks());
        assertEquals(0, disk().blockCount("t1"));
        assertTrue(Files.exists(dir.resolve("corrupt").resolve("t1").resolve(block.getFileName())));
    }
}
