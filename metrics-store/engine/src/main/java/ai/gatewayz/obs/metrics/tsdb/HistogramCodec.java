package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;

/**
 * Binary form of one native histogram sample, optionally relative to the previous sample of the
 * same series (docs/formats/histogram-chunk.md). Used by {@link HistogramChunk} (with the previous
 * sample) and by WAL histogram records (without). Stateless and thread-safe.
 */
public final class HistogramCodec {
    static final int FLOAT = 1;
    static final int SAME_LAYOUT = 1 << 3;
    private static final int HINT_SHIFT = 1;

    private HistogramCodec() {
    }

    /** Writes {@code h}; {@code prev} (may be null) must be what the reader will pass to {@link #read}. */
    public static void write(ByteSink s, Histogram h, Histogram prev) {
        boolean same = prev != null && prev.isFloat() == h.isFloat() && h.sameLayout(prev);
        s.putByte((h.isFloat() ? FLOAT : 0) | (h.hint().ordinal() << HINT_SHIFT) | (same ? SAME_LAYOUT : 0));
        if (!same) {
            s.putVarint(h.schema());
            s.putLong(Double.doubleToRawLongBits(h.zeroThreshold()));
            s.putUvarint(h.positiveSpanCount());
            for (int i = 0; i < h.positiveSpanCount(); i++) {
                s.putVarint(h.positiveSpan(i).offset());
                s.putUvarint(h.positiveSpan(i).length());
            }
            s.putUvarint(h.negativeSpanCount());
            for (int i = 0; i < h.negativeSpanCount(); i++) {
                s.putVarint(h.negativeSpan(i).offset());
                s.putUvarint(h.negativeSpan(i).length());
            }
        }
        s.putLong(Double.doubleToRawLongBits(h.sum()));
        Histogram base = same ? prev : null;
        putCount(s, h.isFloat(), h.count(), base == null ? 0 : base.count());
        putCount(s, h.isFloat(), h.zeroCount(), base == null ? 0 : base.zeroCount());
        // Without a previous sample integer buckets are delta-encoded within the sample, as on the
        // wire: neighbouring buckets have similar counts, so the deltas are small varints.
        double last = 0;
        for (int i = 0; i < h.positiveBucketCount(); i++) {
            double ref = base == null ? last : base.positiveBucket(i);
            putCount(s, h.isFloat(), h.positiveBucket(i), ref);
            last = h.positiveBucket(i);
        }
        last = 0;
        for (int i = 0; i < h.negativeBucketCount(); i++) {
            double ref = base == null ? last : base.negativeBucket(i);
            putCount(s, h.isFloat(), h.negativeBucket(i), ref);
            last = h.negativeBucket(i);
        }
    }

    private static void putCount(ByteSink s, boolean isFloat, double v, double ref) {
        if (isFloat) {
            s.putLong(Double.doubleToRawLongBits(v));
        } else {
            s.putVarint((long) v - (long) ref);
        }
    }

    /** Reads one sample written by {@link #write} with the same {@code prev}. */
    public static Histogram read(ByteSource src, Histogram prev) {
        int flags = src.getByte();
        boolean isFloat = (flags & FLOAT) != 0;
        ResetHint hint = ResetHint.of((flags >> HINT_SHIFT) & 3);
        boolean same = (flags & SAME_LAYOUT) != 0;
        if (same && (prev == null || prev.isFloat() != isFloat)) {
            throw new CorruptDataException("histogram sample refers to a previous layout that is absent");
        }
        int schema;
        double zt;
        Span[] ps;
        Span[] ns;
        if (same) {
            schema = prev.schema();
            zt = prev.zeroThreshold();
            ps = new Span[prev.positiveSpanCount()];
            for (int i = 0; i < ps.length; i++) {
                ps[i] = prev.positiveSpan(i);
            }
            ns = new Span[prev.negativeSpanCount()];
            for (int i = 0; i < ns.length; i++) {
                ns[i] = prev.negativeSpan(i);
            }
        } else {
            schema = (int) src.getVarint();
            zt = Double.longBitsToDouble(src.getLong());
            ps = spans(src);
            ns = spans(src);
        }
        double sum = Double.longBitsToDouble(src.getLong());
        Histogram base = same ? prev : null;
        double count = getCount(src, isFloat, base == null ? 0 : base.count());
        double zeroCount = getCount(src, isFloat, base == null ? 0 : base.zeroCount());
        double[] pos = buckets(src, isFloat, ps, base, true);
        double[] neg = buckets(src, isFloat, ns, base, false);
        try {
            return Histogram.of(isFloat, hint, schema, zt, zeroCount, count, sum, ps, pos, ns, neg);
        } catch (RuntimeException e) {
            throw new CorruptDataException("stored histogram sample is invalid: " + e.getMessage());
        }
    }

    private static Span[] spans(ByteSource src) {
        int n = src.getUvarintInt();
        if (n > src.remaining()) {
            throw new CorruptDataException("histogram span count exceeds data [spans=" + n + "]");
        }
        Span[] out = new Span[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Span((int) src.getVarint(), src.getUvarintInt());
        }
        return out;
    }

    private static double[] buckets(ByteSource src, boolean isFloat, Span[] spans, Histogram base, boolean positive) {
        long n = 0;
        for (Span s : spans) {
            n += s.length();
        }
        if (n > src.remaining()) {
            throw new CorruptDataException("histogram bucket count exceeds data [buckets=" + n + "]");
        }
        double[] out = new double[(int) n];
        double last = 0;
        for (int i = 0; i < out.length; i++) {
            double ref = base == null ? last : positive ? base.positiveBucket(i) : base.negativeBucket(i);
            out[i] = getCount(src, isFloat, ref);
            last = out[i];
        }
        return out;
    }

    private static double getCount(ByteSource src, boolean isFloat, double ref) {
        return isFloat ? Double.longBitsToDouble(src.getLong()) : (double) ((long) ref + src.getVarint());
    }
}
