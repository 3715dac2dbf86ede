package ai.gatewayz.obs.traces.disk;

import static ai.gatewayz.obs.traces.storage.TestSpans.GATEWAY;
import static ai.gatewayz.obs.traces.storage.TestSpans.SCOPE;
import static ai.gatewayz.obs.traces.storage.TestSpans.rich;
import static ai.gatewayz.obs.traces.storage.TestSpans.span;
import static ai.gatewayz.obs.traces.storage.TestSpans.trace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.ScanPlan;
import ai.gatewayz.obs.traces.storage.TraceMerge;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block formats of docs/formats/trace-block.md: golden bytes, version 1 still read, pages, column projection. */
class BlockFormatTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    /** The spans of the golden blocks (block-v1.gzt was written by the version-1 writer from exactly these). */
    static TreeMap<TraceId, List<Span>> goldenTraces() {
        TreeMap<TraceId, List<Span>> m = new TreeMap<>();
        m.put(trace(1), new ArrayList<>(List.of(rich(1, 2, T0), span(1, 1, 0, "root", T0 - 1000, 9_000_000),
                span(1, 3, 1, "child", T0 + 50, 70_000))));
        m.put(trace(2), new ArrayList<>(List.of(span(2, 11, 0, "POST /v1/chat/completions", T0 + 5_000_000_000L, 1_500_000_000L))));
        m.put(trace(3), new ArrayList<>(List.of(span(3, 21, 0, "redis GET", T0 + 9_000_000_000L, 2_000),
                span(3, 22, 21, "x", T0 + 9_000_000_100L, 10))));
        return m;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BlockFormatTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private Block open(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return Block.open(f, 1);
    }

    private static void assertBlockHolds(Block b, TreeMap<TraceId, List<Span>> expected) {
        assertEquals(expected.size(), b.traceCount());
        int i = 0;
        for (Map.Entry<TraceId, List<Span>> e : expected.entrySet()) {
            assertEquals(i, b.find(e.getKey()));
            assertEquals(TraceMerge.merge(e.getValue()), b.spans(i));
            i++;
        }
        assertEquals(-1, b.find(trace(99)));
    }

    @Test
    void versionOneBlocksWrittenBeforeThePageFormatAreStillRead() throws IOException {
        Block b = open("00000000000000000001.gzt", resource("block-v1.gzt"));
        assertEquals(1, b.version());
        assertBlockHolds(b, goldenTraces());
        assertEquals(6, b.spanCount());
        assertEquals(T0 - 1000, b.minStart());
    }

    @Test
    void versionTwoBytesMatchTheGoldenFile() throws IOException {
        Path f = dir.resolve("00000000000000000002.gzt");
        BlockWriter.write(f, goldenTraces());
        if (Boolean.getBoolean("traces.updateGolden")) { // mvn ... -Dtraces.updateGolden=true, from trace-store/engine
            Files.copy(f, Path.of("src/test/resources/ai/gatewayz/obs/traces/disk/block-v2.gzt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertArrayEquals(resource("block-v2.gzt"), Files.readAllBytes(f),
                "the version-2 layout changed: update docs/formats/trace-block.md and the golden file together");
        Block b = Block.open(f, 2);
        assertEquals(2, b.version());
        assertEquals(1, b.pageCount());
        assertBlockHolds(b, goldenTraces());
    }

    @Test
    void compactionBlocksOfVersionOneInputsAreWrittenAsVersionTwo() throws IOException {
        Path blocks = dir.resolve("data").resolve("blocks").resolve("t1");
        Files.createDirectories(blocks);
        Files.write(blocks.resolve("00000000000000000001.gzt"), resource("block-v1.gzt"));
        Files.write(blocks.resolve("00000000000000000002.gzt"), resource("block-v1.gzt"));
        try (DiskTraceStorage s = DiskTraceStorage.open(DiskOptions.defaults(dir.resolve("data")), java.time.Clock.systemUTC())) {
            assertEquals(2, s.blockCount("t1"));
            s.compact();
            assertEquals(1, s.blockCount("t1"));
            for (Map.Entry<TraceId, List<Span>> e : goldenTraces().entrySet()) {
                assertEquals(TraceMerge.merge(e.getValue()), s.trace("t1", e.getKey(), 0, Long.MAX_VALUE));
            }
        }
        try (var files = Files.list(blocks)) {
            Path only = files.findFirst().orElseThrow();
            assertEquals(2, Block.open(only, 3).version());
        }
    }

    /** Many traces over several pages, with the encodings' corner cases. */
    private static TreeMap<TraceId, List<Span>> manyTraces(int n) {
        Random rnd = new Random(42);
        TreeMap<TraceId, List<Span>> m = new TreeMap<>();
        Resource other = new Resource(List.of(Attr.of("service.name", "other"), Attr.of("k8s.pod", "p-1")), 1, "");
        for (int t = 0; t < n; t++) {
            TraceId id = new TraceId(rnd.nextLong(), rnd.nextLong());
            List<Span> spans = new ArrayList<>();
            long start = T0 + rnd.nextInt(1_000_000_000);
            int count = 1 + rnd.nextInt(12);
            for (int i = 0; i < count; i++) {
                long parent = i == 0 ? 0 : i == 5 ? 0xDEADL /* not in the trace */ : 100 + rnd.nextInt(i);
                List<Attr> attrs = switch (i % 4) {
                    case 0 -> List.of(Attr.of("gen_ai.system", "openai"), Attr.of("gen_ai.usage.input_tokens", rnd.nextInt(5000)));
                    // the first gen_ai.system is not a string: it stays in the attribute column
                    case 1 -> List.of(Attr.of("gen_ai.system", 7), Attr.of("gen_ai.system", "anthropic"),
                            Attr.of("gen_ai.request.model", "claude"));
                    case 2 -> List.of(Attr.of("http.route", "/v1/chat"), new Attr("x", AttrValue.dbl(rnd.nextDouble())));
                    default -> List.of();
                };
                spans.add(new Span(id, 100 + i, parent, "", 1, "op-" + (i % 3), i % 6, start + i * 1000L - (i == 2 ? 5000 : 0),
                        start + i * 1000L + rnd.nextInt(1_000_000), attrs, 0, List.of(), 0, List.of(), 0, i % 3,
                        i % 3 == 2 ? "boom" : "", i % 2 == 0 ? GATEWAY : other, SCOPE));
            }
            if (t % 50 == 0) {
                Span r = rich(1, 999, start);
                // the longest span of the block, in the first trace only
                long end = t == 0 ? r.endNanos() : r.startNanos() + 1000;
                spans.add(new Span(id, r.spanId(), r.parentSpanId(), r.traceState(), r.flags(), r.name(), r.kind(), r.startNanos(),
                        end, r.attributes(), r.droppedAttributes(), r.events(), r.droppedEvents(), r.links(), r.droppedLinks(),
                        r.statusCode(), r.statusMessage(), r.resource(), r.scope()));
            }
            m.put(id, spans);
        }
        return m;
    }

    @Test
    void tracesSpreadOverPagesReadBackWhole() {
        Path f = dir.resolve("00000000000000000003.gzt");
        TreeMap<TraceId, List<Span>> traces = manyTraces(800);
        BlockWriter.write(f, traces, BlockWriter.COMPACTION_LEVEL);
        Block b = Block.open(f, 3);
        assertTrue(b.pageCount() > 1, "pages: " + b.pageCount());
        assertBlockHolds(b, traces);
        int seen = 0;
        for (int p = 0; p < b.pageCount(); p++) {
            List<Span>[] decoded = b.decodePage(p, null, ScanPlan.FULL);
            for (int i = b.pageFirstTrace(p); i < b.pageEndTrace(p); i++) {
                assertEquals(TraceMerge.merge(traces.get(b.traceId(i))), decoded[i - b.pageFirstTrace(p)]);
                seen++;
            }
        }
        assertEquals(800, seen);
    }

    @Test
    void aProjectedPageDecodesOnlyThePlannedFields() {
        Path f = dir.resolve("00000000000000000004.gzt");
        TreeMap<TraceId, List<Span>> traces = manyTraces(300);
        BlockWriter.write(f, traces);
        Block b = Block.open(f, 4);
        ScanPlan genAi = new ScanPlan(false, false, true, false, true, false, false, List.of(), 0);
        for (int p = 0; p < b.pageCount(); p++) {
            List<Span>[] decoded = b.decodePage(p, null, genAi);
            for (int i = b.pageFirstTrace(p); i < b.pageEndTrace(p); i++) {
                List<Span> full = TraceMerge.merge(traces.get(b.traceId(i)));
                List<Span> got = decoded[i - b.pageFirstTrace(p)];
                assertEquals(full.size(), got.size());
                for (int k = 0; k < full.size(); k++) {
                    Span w = full.get(k);
                    Span g = got.get(k);
                    assertEquals(w.spanId(), g.spanId());
                    assertEquals(w.parentSpanId(), g.parentSpanId());
                    assertEquals(w.startNanos(), g.startNanos());
                    assertEquals(w.endNanos(), g.endNanos());
                    assertEquals(w.statusCode(), g.statusCode());
                    assertEquals(w.resource(), g.resource());
                    assertEquals("", g.name());
                    assertTrue(g.events().isEmpty());
                    for (String key : SpanColumns.DEDICATED_KEYS) {
                        // what the evaluator reads: the first attribute with the key
                        assertEquals(Attr.find(w.attributes(), key), Attr.find(g.attributes(), key), key);
                    }
                }
            }
        }
    }

    @Test
    void pageStatisticsRuleOutPagesWithoutALongEnoughSpan() {
        Path f = dir.resolve("00000000000000000005.gzt");
        TreeMap<TraceId, List<Span>> traces = manyTraces(500);
        BlockWriter.write(f, traces);
        Block b = Block.open(f, 5);
        long longest = 0;
        for (List<Span> t : traces.values()) {
            for (Span s : t) {
                longest = Math.max(longest, s.durationNanos());
            }
        }
        int may = 0;
        for (int p = 0; p < b.pageCount(); p++) {
            assertTrue(b.pageMayMatch(p, 0, Long.MAX_VALUE, 0));
            assertFalse(b.pageMayMatch(p, 0, Long.MAX_VALUE, longest + 1));
            assertFalse(b.pageMayMatch(p, 0, T0 - 10_000, 0));
            boolean holdsLongest = false;
            for (List<Span> t : b.decodePage(p, null, ScanPlan.FULL)) {
                for (Span s : t) {
                    holdsLongest |= s.durationNanos() == longest;
                }
            }
            assertEquals(holdsLongest, b.pageMayMatch(p, 0, Long.MAX_VALUE, longest));
            may += holdsLongest ? 1 : 0;
        }
        assertTrue(may >= 1 && may < b.pageCount(), "pages with the longest span: " + may + " of " + b.pageCount());
        assertTrue(b.holdsAll(List.of("openai", "boom")));
        assertFalse(b.holdsAll(List.of("openai", "never stored")));
    }

    @Test
    void aDamagedPageColumnIsReportedNotMisread() throws IOException {
        Path f = dir.resolve("00000000000000000006.gzt");
        BlockWriter.write(f, manyTraces(50));
        byte[] bytes = Files.readAllBytes(f);
        bytes[40] ^= 0x10;
        Files.write(f, bytes);
        assertThrows(CorruptDataException.class, () -> Block.open(f, 6));
    }
}
