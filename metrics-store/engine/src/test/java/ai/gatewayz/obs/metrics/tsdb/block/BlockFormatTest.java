package ai.gatewayz.obs.metrics.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block files written and read back: meta, symbols, postings, series, chunks, checksums, atomic rename. */
class BlockFormatTest {
    @TempDir
    Path dir;

    private static final long STALE = 0x7ff0000000000002L;

    /** 30 series ({@code job} a/b/c, {@code i} 0..9), 1000 samples each every 15 s, some stale markers. */
    private BlockMeta writeSample(String id, int chunkPoints) {
        List<Labels> series = new ArrayList<>();
        for (String job : List.of("a", "b", "c")) {
            for (int i = 0; i < 10; i++) {
                series.add(Labels.of("__name__", "m", "job", job, "i", Integer.toString(i)));
            }
        }
        series.sort(Labels::compareTo);
        try (BlockWriter w = BlockWriter.create(dir, id)) {
            ChunkRecoder rec = new ChunkRecoder(w, chunkPoints);
            for (Labels l : series) {
                w.startSeries(l);
                for (int k = 0; k < 1000; k++) {
                    rec.add(k * 15_000L, k % 97 == 0 ? STALE : Double.doubleToRawLongBits(k * 0.5 + l.hashCode()));
                }
                rec.flush();
            }
            return w.commit(0, 1000 * 15_000L, 1, List.of());
        }
    }

    @Test
    void writtenBlockReadsBackThroughPostingsAndChunks() {
        String id = BlockIds.next(1_700_000_000_000L);
        BlockMeta meta = writeSample(id, 480);
        assertThat(meta.numSeries()).isEqualTo(30);
        assertThat(meta.numSamples()).isEqualTo(30_000);
        assertThat(meta.numChunks()).isEqualTo(30 * 3); // 480 + 480 + 40
        assertThat(meta.sources()).containsExactly(id);
        assertThat(Files.exists(dir.resolve(id + ".tmp"))).isFalse();

        Block b = Block.open(dir.resolve(id));
        assertThat(b.meta()).isEqualTo(meta);
        assertThat(BlockMeta.parse(meta.toJson(), "x")).isEqualTo(meta);
        assertThat(b.labelValues("job")).containsExactly("a", "b", "c");
        assertThat(b.postings("job", "b")).hasSize(10);
        assertThat(b.postings("job", "zzz")).isEmpty();
        assertThat(b.postings("nope", "a")).isEmpty();
        long[] c = b.candidates(List.of(LabelMatcher.eq("job", "c"), LabelMatcher.re("i", "[12]")));
        assertThat(c).hasSize(2);
        for (long ord : c) {
            BlockSeries s = b.series(ord);
            assertThat(s.labels().get("job")).isEqualTo("c");
            assertThat(s.labels().get("i")).isIn("1", "2");
        }
        assertThat(b.candidates(List.of(LabelMatcher.neq("job", "a")))).hasSize(30); // matches empty: no postings used
        assertThat(b.candidates(List.of(LabelMatcher.re("job", "a|b")))).hasSize(20);

        BlockSeries s = b.series(b.postings("i", "7")[0]);
        BlockSeriesIterator it = new BlockSeriesIterator().reset(s, 15_000L * 100, 15_000L * 200);
        int n = 0;
        while (it.next()) {
            long k = it.t() / 15_000L;
            long want = k % 97 == 0 ? STALE : Double.doubleToRawLongBits(k * 0.5 + s.labels().hashCode());
            assertThat(it.bits()).isEqualTo(want);
            n++;
        }
        assertThat(n).isEqualTo(101);
        it.reset(s, 0, Long.MAX_VALUE);
        assertThat(it.seek(15_000L * 600 + 1)).isTrue();
        assertThat(it.t()).isEqualTo(15_000L * 601);
        assertThat(it.seek(0)).isTrue();
        assertThat(it.t()).isEqualTo(15_000L * 601);
        assertThat(it.seek(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void headStyleXorChunksAreReadToo() {
        String id = BlockIds.next(5);
        ai.gatewayz.obs.storage.chunkenc.XorChunk.Appender a = new ai.gatewayz.obs.storage.chunkenc.XorChunk.Appender();
        for (int k = 0; k < 100; k++) {
            a.append(k * 1000L + (k % 3), k % 10 == 0 ? STALE : Double.doubleToRawLongBits(k));
        }
        try (BlockWriter w = BlockWriter.create(dir, id)) {
            w.startSeries(Labels.of("a", "b"));
            byte[] c = a.toByteArray();
            w.addChunk(0, 99_001, c, c.length);
            w.commit(0, 100_000, 1, List.of());
        }
        Block b = Block.open(dir.resolve(id));
        BlockSeriesIterator it = new BlockSeriesIterator().reset(b.series(0), 0, Long.MAX_VALUE);
        for (int k = 0; k < 100; k++) {
            assertThat(it.next()).isTrue();
            assertThat(it.t()).isEqualTo(k * 1000L + (k % 3));
            assertThat(it.bits()).isEqualTo(k % 10 == 0 ? STALE : Double.doubleToRawLongBits(k));
        }
        assertThat(it.next()).isFalse();
    }

    @Test
    void seriesMustComeInLabelOrder() throws IOException {
        try (BlockWriter w = BlockWriter.create(dir, BlockIds.next(1))) {
            w.startSeries(Labels.of("a", "2"));
            assertThatThrownBy(() -> w.startSeries(Labels.of("a", "1"))).isInstanceOf(IllegalArgumentException.class);
        }
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty(); // an unfinished writer leaves nothing behind
        }
    }

    @Test
    void corruptIndexSectionNamesFileAndOffset() throws IOException {
        String id = BlockIds.next(1);
        writeSample(id, 120);
        Path index = dir.resolve(id).resolve("index");
        flip(index, 40); // inside the symbols section
        assertThatThrownBy(() -> Block.open(dir.resolve(id)))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("index section checksum mismatch")
                .hasMessageContaining("file=" + index)
                .hasMessageContaining("section=symbols")
                .hasMessageContaining("offset=8");
    }

    @Test
    void corruptChunkNamesFileAndOffsetWhenRead() throws IOException {
        String id = BlockIds.next(1);
        writeSample(id, 120);
        Path chunks = dir.resolve(id).resolve("chunks");
        Block b = Block.open(dir.resolve(id));
        BlockSeries s = b.series(0);
        long ref = s.refs()[1];
        flip(chunks, ref + 20);
        Block again = Block.open(dir.resolve(id)); // index intact: opens fine
        BlockSeriesIterator it = new BlockSeriesIterator().reset(again.series(0), 0, Long.MAX_VALUE);
        assertThatThrownBy(() -> {
            while (it.next()) {
                // read through the damaged chunk
            }
        }).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("chunk checksum mismatch")
                .hasMessageContaining("file=" + chunks)
                .hasMessageContaining("offset=" + ref);
    }

    @Test
    void badMagicAndTruncatedIndexAreRefused() throws IOException {
        String id = BlockIds.next(1);
        writeSample(id, 120);
        Path index = dir.resolve(id).resolve("index");
        try (RandomAccessFile f = new RandomAccessFile(index.toFile(), "rw")) {
            f.setLength(f.length() - 10);
        }
        assertThatThrownBy(() -> Block.open(dir.resolve(id))).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("file=" + index);
        Path chunks = dir.resolve(id).resolve("chunks");
        flip(chunks, 0);
        assertThatThrownBy(() -> Block.open(dir.resolve(id))).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("bad magic").hasMessageContaining("file=" + chunks);
    }

    @Test
    void compactionRangesGrowByThreeUpToTheCap() {
        long h = 3_600_000L;
        long[] ranges = BlockCompactor.ranges(2 * h, 100 * h);
        assertThat(ranges).containsExactly(2 * h, 6 * h, 18 * h, 54 * h);
        assertThat(BlockCompactor.ranges(2 * h, h)).containsExactly(2 * h);
    }

    private Block tiny(long minTime, long maxTime, int level) {
        String id = BlockIds.next(minTime + level);
        try (BlockWriter w = BlockWriter.create(dir, id)) {
            ChunkRecoder rec = new ChunkRecoder(w, 480);
            w.startSeries(Labels.of("a", "b"));
            rec.add(minTime, 0);
            rec.flush();
            w.commit(minTime, maxTime, level, List.of());
        }
        return Block.open(dir.resolve(id));
    }

    @Test
    void planMergesOverlapsFirstThenTheOldestFullAlignedWindow() {
        long h = 3_600_000L;
        long[] ranges = BlockCompactor.ranges(2 * h, 100 * h);
        Block a = tiny(0, 2 * h, 1);
        Block b = tiny(2 * h, 4 * h, 1);
        Block c = tiny(4 * h, 6 * h, 1);
        Block d = tiny(6 * h, 8 * h, 1);
        // [0,6h) is complete once a block ends at or after 6h: the three merge, the newest stays
        assertThat(BlockCompactor.plan(List.of(d, c, b, a), ranges)).containsExactly(a, b, c);
        // the window [6h,12h) holds one block and data has not moved past it: nothing to do there
        assertThat(BlockCompactor.plan(List.of(d), ranges)).isEmpty();
        // two blocks of the still-open window [0,6h) wait for the window to end
        assertThat(BlockCompactor.plan(List.of(a, b), ranges)).isEmpty();
        // a late block overlapping an older one is merged before anything else
        Block late = tiny(h, 2 * h, 1);
        assertThat(BlockCompactor.plan(List.of(d, c, b, a, late), ranges)).containsExactly(a, late);
        // a 6h block is not merged with 2h blocks of the next window, and 3 × 6h make 18h
        Block six = tiny(0, 6 * h, 2);
        Block six2 = tiny(6 * h, 12 * h, 2);
        Block six3 = tiny(12 * h, 18 * h, 2);
        assertThat(BlockCompactor.plan(List.of(six, d), ranges)).isEmpty();
        assertThat(BlockCompactor.plan(List.of(six, six2, six3), ranges)).containsExactly(six, six2, six3);
    }

    @Test
    void idsAreTimeSortable() {
        String a = BlockIds.next(1000);
        String b = BlockIds.next(2000);
        assertThat(a).hasSize(26).isLessThan(b);
        assertThat(BlockIds.isId(a)).isTrue();
        assertThat(BlockIds.isId("wal")).isFalse();
    }

    static void flip(Path p, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }
}
