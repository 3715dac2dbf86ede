package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;

/**
 * A chunk of native histogram samples of one series (docs/formats/histogram-chunk.md): a uint16
 * point count, then per point the timestamp (absolute for the first, zig-zag delta after) and the
 * sample in {@link HistogramCodec} form relative to the previous point, so a run of samples with
 * an unchanged bucket layout stores only count deltas. The appender is not thread-safe; finished
 * byte arrays are immutable by convention.
 */
public final class HistogramChunk {
    public static final int MAX_POINTS = 0xFFFF;

    private HistogramChunk() {
    }

    /** Number of points recorded in a chunk's header. */
    public static int count(byte[] chunk) {
        return ((chunk[0] & 0xFF) << 8) | (chunk[1] & 0xFF);
    }

    /** Appends points in timestamp order to a new chunk. */
    public static final class Appender {
        private final ByteSink sink = new ByteSink(256);
        private int count;
        private long lastT;
        private Histogram last;

        public Appender() {
            sink.putByte(0).putByte(0);
        }

        public int count() {
            return count;
        }

        /** @throws IllegalStateException when the chunk is full or {@code t} is not after the last point */
        public void append(long t, Histogram h) {
            if (count == MAX_POINTS) {
                throw new IllegalStateException("histogram chunk full [points=" + count + "]");
            }
            if (count > 0 && t <= lastT) {
                throw new IllegalStateException("histogram chunk points out of order [t=" + t + ", last=" + lastT + "]");
            }
            sink.putVarint(count == 0 ? t : t - lastT);
            HistogramCodec.write(sink, h, last);
            lastT = t;
            last = h;
            count++;
        }

        /** Bytes written so far. */
        public int byteLength() {
            return sink.length();
        }

        /** The chunk's bytes so far (a copy; the appender stays usable). */
        public byte[] bytes() {
            byte[] b = sink.toByteArray();
            b[0] = (byte) (count >>> 8);
            b[1] = (byte) count;
            return b;
        }
    }

    /** Reads a chunk's points in order. Not thread-safe; reusable through {@link #reset}. */
    public static final class Iterator {
        private final ByteSource src = new ByteSource(new byte[0]);
        private int remaining;
        private boolean first;
        private long t;
        private Histogram h;

        public Iterator(byte[] chunk) {
            reset(chunk);
        }

        public Iterator reset(byte[] chunk) {
            return reset(chunk, chunk.length);
        }

        /** Reads the first {@code len} bytes of {@code chunk} (a reused buffer may be longer). */
        public Iterator reset(byte[] chunk, int len) {
            if (len < 2) {
                throw new CorruptDataException("histogram chunk shorter than its header [bytes=" + len + "]");
            }
            remaining = count(chunk);
            src.reset(chunk, 2, len - 2);
            first = true;
            h = null;
            return this;
        }

        public boolean next() {
            if (remaining == 0) {
                return false;
            }
            long d = src.getVarint();
            t = first ? d : t + d;
            first = false;
            h = HistogramCodec.read(src, h);
            remaining--;
            return true;
        }

        public long t() {
            return t;
        }

        public Histogram h() {
            return h;
        }
    }
}
