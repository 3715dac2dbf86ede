package ai.gatewayz.obs.metrics.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.storage.chunkenc.BlockXorChunk;
import ai.gatewayz.obs.storage.chunkenc.DecimalChunk;
import ai.gatewayz.obs.storage.chunkenc.PackedChunk;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which encoding ChunkRecoder writes per chunk, and that all four encodings read back through BlockSeriesIterator, incl. seek. */
class ChunkEncodingTest {
    @TempDir
    Path dir;

    private static final long STALE = 0x7ff0000000000002L;

    /** Series 0: counter; 1: cent gauge with stale markers; 2: non-decimal random doubles. 1000 points, jittered 15 s. */
    private static long[][] series(int s, Random r) {
        long[] ts = new long[1000];
        long[] bits = new long[1000];
        double v = 100;
        for (int i = 0; i < 1000; i++) {
            ts[i] = 1_700_000_000_000L + i * 15_000L + r.nextInt(5) + (i > 600 ? 3_600_000L : 0);
            v = switch (s) {
                case 0 -> v + r.nextInt(20);
                case 1 -> Math.round((v + r.nextGaussian()) * 100) / 100.0;
                default -> r.nextDouble() * 1e9;
            };
            bits[i] = s == 1 && i % 50 == 7 ? STALE : Double.doubleToRawLongBits(v);
        }
        return new long[][] {ts, bits};
    }

    private static List<Integer> encodings(Block b, BlockSeries s) {
        List<Integer> out = new ArrayList<>();
        byte[][] buf = {new byte[16]};
        for (long ref : s.refs()) {
            out.add((int) (b.readChunk(ref, buf) >>> 32));
        }
        return out;
    }

    @Test
    void recoderPicksPackedForScrapeDataAndIteratorSeeksExactly() {
        Random r = new Random(1);
        List<long[][]> data = List.of(series(0, r), series(1, r), series(2, r));
        String id = BlockIds.next(1_700_000_000_000L);
        try (BlockWriter w = BlockWriter.create(dir, id)) {
            ChunkRecoder rec = new ChunkRecoder(w, 480);
            for (int s = 0; s < 3; s++) {
                w.startSeries(Labels.of("s", Integer.toString(s)));
                for (int i = 0; i < 1000; i++) {
                    rec.add(data.get(s)[0][i], data.get(s)[1][i]);
                }
                rec.flush();
            }
            w.commit(1_700_000_000_000L, 1_700_000_000_000L + 20_000_000L, 1, List.of());
        }
        Block b = Block.open(dir.resolve(id));
        assertThat(encodings(b, b.series(0))).containsOnly(BlockFiles.ENC_PACKED).hasSize(3);
        assertThat(encodings(b, b.series(1))).containsOnly(BlockFiles.ENC_PACKED);
        assertThat(encodings(b, b.series(2))).doesNotContain(BlockFiles.ENC_DECIMAL); // no short decimal form

        BlockSeriesIterator it = new BlockSeriesIterator();
        Random q = new Random(2);
        for (int s = 0; s < 3; s++) {
            long[] ts = data.get(s)[0];
            long[] bits = data.get(s)[1];
            it.reset(b.series(s), Long.MIN_VALUE, Long.MAX_VALUE);
            for (int i = 0; i < 1000; i++) {
                assertThat(it.next()).isTrue();
                assertThat(it.t()).isEqualTo(ts[i]);
                assertThat(it.bits()).isEqualTo(bits[i]);
            }
            assertThat(it.next()).isFalse();
            // seeks forward to random targets, including exact timestamps, gaps and chunk borders
            it.reset(b.series(s), Long.MIN_VALUE, Long.MAX_VALUE);
            int at = 0;
            int cur = -1;
            while (true) {
                at += q.nextInt(120);
                if (at >= 1000) {
                    assertThat(it.seek(ts[999] + 1)).isFalse();
                    break;
                }
                long target = q.nextBoolean() ? ts[at] : ts[at] - 1 - q.nextInt(3);
                int want = at; // ts[at - 1] < target <= ts[at]
                want = Math.max(want, cur); // seek never moves backwards
                assertThat(it.seek(target)).isTrue();
                assertThat(it.t()).as("seek %d", target).isEqualTo(ts[want]);
                assertThat(it.bits()).isEqualTo(bits[want]);
                cur = want;
            }
            // a range query in the middle
            it.reset(b.series(s), ts[470], ts[530]);
            int n = 0;
            while (it.next()) {
                assertThat(it.t()).isEqualTo(ts[470 + n]);
                assertThat(it.bits()).isEqualTo(bits[470 + n]);
                n++;
            }
            assertThat(n).isEqualTo(61);
        }
    }

    @Test
    void allFourEncodingsReadBackInOneSeries() {
        Random r = new Random(3);
        long[][] d = series(1, r);
        long[] ts = d[0];
        long[] bits = d[1];
        String id = BlockIds.next(1_700_000_000_000L);
        try (BlockWriter w = BlockWriter.create(dir, id)) {
            w.startSeries(Labels.of("s", "mixed"));
            XorChunk.Appender x = new XorChunk.Appender();
            for (int i = 0; i < 120; i++) {
                x.append(ts[i], bits[i]);
            }
            w.addChunk(ts[0], ts[119], BlockFiles.ENC_XOR, x.toByteArray(), x.byteLength());
            BlockXorChunk.Appender bx = new BlockXorChunk.Appender(64);
            for (int i = 120; i < 240; i++) {
                bx.append(ts[i], bits[i]);
            }
            byte[] bxb = bx.toByteArray();
            w.addChunk(ts[120], ts[239], BlockFiles.ENC_BLOCK_XOR, bxb, bxb.length);
            byte[] db = DecimalChunk.encode(java.util.Arrays.copyOfRange(ts, 240, 480), java.util.Arrays.copyOfRange(bits, 240, 480), 240);
            w.addChunk(ts[240], ts[479], BlockFiles.ENC_DECIMAL, db, db.length);
            byte[] pb = PackedChunk.encode(java.util.Arrays.copyOfRange(ts, 480, 1000), java.util.Arrays.copyOfRange(bits, 480, 1000), 520);
            w.addChunk(ts[480], ts[999], BlockFiles.ENC_PACKED, pb, pb.length);
            w.commit(1_700_000_000_000L, 1_700_000_000_000L + 20_000_000L, 1, List.of());
        }
        Block b = Block.open(dir.resolve(id));
        assertThat(encodings(b, b.series(0))).containsExactly(BlockFiles.ENC_XOR, BlockFiles.ENC_BLOCK_XOR,
                BlockFiles.ENC_DECIMAL, BlockFiles.ENC_PACKED);
        BlockSeriesIterator it = new BlockSeriesIterator().reset(b.series(0), Long.MIN_VALUE, Long.MAX_VALUE);
        for (int i = 0; i < 1000; i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.t()).isEqualTo(ts[i]);
            assertThat(it.bits()).as("point %d", i).isEqualTo(bits[i]);
        }
        assertThat(it.next()).isFalse();
        it.reset(b.series(0), Long.MIN_VALUE, Long.MAX_VALUE);
        for (int at : new int[] {5, 119, 120, 300, 479, 480, 481, 999}) {
            assertThat(it.seek(ts[at])).isTrue();
            assertThat(it.t()).isEqualTo(ts[at]);
            assertThat(it.bits()).isEqualTo(bits[at]);
        }
    }
}
