package ai.gatewayz.obs.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramChunkTest {
    private static final Span[] NONE = {};

    /** A growing integer histogram whose layout widens every 40 points, with float and NaN-sum samples mixed in. */
    private static List<Histogram> samples(Random r) {
        List<Histogram> out = new ArrayList<>();
        long[] counts = new long[8];
        for (int i = 0; i < 200; i++) {
            int width = 2 + i / 40;
            for (int b = 0; b < width; b++) {
                counts[b] += r.nextInt(5);
            }
            long[] pos = java.util.Arrays.copyOf(counts, width);
            long total = java.util.Arrays.stream(pos).sum() + i;
            if (i % 17 == 5) {
                double[] f = new double[width];
                for (int b = 0; b < width; b++) {
                    f[b] = pos[b] * 0.5;
                }
                out.add(Histogram.ofFloat(ResetHint.GAUGE, 2, 1e-9, i * 0.5, total * 0.5, r.nextDouble(),
                        new Span[] {new Span(-2, width)}, f, NONE, new double[0]));
            } else {
                double sum = i == 77 ? Double.longBitsToDouble(0x7ff0000000000002L) : r.nextGaussian() * 1e3;
                out.add(Histogram.ofIntegerCounts(ResetHint.of(i % 3), 2, 1e-9, i, total, sum,
                        new Span[] {new Span(-2, 1), new Span(1, width - 1)}, pos,
                        new Span[] {new Span(0, 1)}, new long[] {i}));
            }
        }
        return out;
    }

    @Test
    void pointsReadBackBitExactAcrossLayoutAndKindChanges() {
        List<Histogram> in = samples(new Random(7));
        HistogramChunk.Appender app = new HistogramChunk.Appender();
        long t = 1_700_000_000_000L;
        for (int i = 0; i < in.size(); i++) {
            app.append(t + i * 15_000L + (i % 3), in.get(i));
        }
        byte[] chunk = app.bytes();
        assertThat(HistogramChunk.count(chunk)).isEqualTo(200);
        HistogramChunk.Iterator it = new HistogramChunk.Iterator(chunk);
        for (int i = 0; i < in.size(); i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.t()).isEqualTo(t + i * 15_000L + (i % 3));
            assertThat(it.h()).as("point %d", i).isEqualTo(in.get(i));
        }
        assertThat(it.next()).isFalse();
    }

    @Test
    void sameLayoutPointsStoreOnlyCountDeltas() {
        HistogramChunk.Appender app = new HistogramChunk.Appender();
        app.append(1000, Histogram.ofIntegerCounts(ResetHint.NO, 0, 0, 0, 3, 4, new Span[] {new Span(0, 2)},
                new long[] {1, 2}, NONE, new long[0]));
        app.append(2000, Histogram.ofIntegerCounts(ResetHint.NO, 0, 0, 0, 5, 4, new Span[] {new Span(0, 2)},
                new long[] {2, 3}, NONE, new long[0]));
        // Golden bytes (docs/formats/histogram-chunk.md): header, point 0 in full, point 1 as deltas.
        assertThat(HexFormat.of().formatHex(app.bytes())).isEqualTo("0002" + "d00f" + "04" + "00"
                + "0000000000000000" + "01" + "0002" + "00" + "4010000000000000" + "06" + "00" + "02" + "02"
                + "d00f" + "0c" + "4010000000000000" + "04" + "00" + "02" + "02");
    }

    @Test
    void walFormWithoutPreviousSampleRoundTrips() {
        ByteSink s = new ByteSink();
        for (Histogram h : samples(new Random(3))) {
            s.reset();
            HistogramCodec.write(s, h, null);
            assertThat(HistogramCodec.read(new ByteSource(s.toByteArray()), null)).isEqualTo(h);
        }
    }

    @Test
    void everyTruncationFailsAsCorruptData() {
        HistogramChunk.Appender app = new HistogramChunk.Appender();
        List<Histogram> in = samples(new Random(5));
        for (int i = 0; i < 20; i++) {
            app.append(i, in.get(i));
        }
        byte[] chunk = app.bytes();
        for (int cut = 0; cut < chunk.length; cut++) {
            byte[] bad = java.util.Arrays.copyOf(chunk, cut);
            assertThatThrownBy(() -> {
                HistogramChunk.Iterator it = new HistogramChunk.Iterator(bad);
                while (it.next()) {
                    it.h();
                }
            }).as("cut at %d", cut).isInstanceOf(CorruptDataException.class);
        }
    }

    @Test
    void outOfOrderPointsAreRefused() {
        HistogramChunk.Appender app = new HistogramChunk.Appender();
        Histogram h = samples(new Random(1)).get(0);
        app.append(10, h);
        assertThatThrownBy(() -> app.append(10, h)).hasMessage("histogram chunk points out of order [t=10, last=10]");
    }
}
