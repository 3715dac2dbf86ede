package ai.gatewayz.obs.metrics.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One native (sparse, exponential) histogram sample: Prometheus's integer and float histograms in
 * one immutable value. Bucket counts are held absolute (not as the wire's deltas) because every
 * reader wants absolute counts; {@link #isFloat()} remembers whether the sample was an integer
 * histogram so that storage can encode integer counts compactly and the API can render it as such.
 *
 * <p>Bucket {@code i} of schema {@code s} covers {@code (base^(i-1), base^i]} with
 * {@code base = 2^(2^-s)}; negative buckets mirror that below zero, and the zero bucket holds
 * observations in {@code [-zeroThreshold, zeroThreshold]}. Spans list runs of populated bucket
 * indexes: the first span's offset is the first index, each later offset is the gap after the
 * previous span. Immutable and thread-safe; arrays are copied in and never handed out.
 */
public final class Histogram {
    /** Lowest and highest exponential schema Prometheus defines. */
    public static final int MIN_SCHEMA = -4;
    public static final int MAX_SCHEMA = 8;

    /** The counter-reset hint carried with a sample (Prometheus's CounterResetHint values). */
    public enum ResetHint {
        UNKNOWN, YES, NO, GAUGE;

        public static ResetHint of(int wire) {
            return wire >= 0 && wire < 4 ? values()[wire] : UNKNOWN;
        }
    }

    /** A run of {@code length} consecutive buckets starting {@code offset} indexes after the previous run. */
    public record Span(int offset, int length) {
    }

    private static final Span[] NO_SPANS = {};
    private static final double[] NO_COUNTS = {};

    private final boolean isFloat;
    private final ResetHint hint;
    private final int schema;
    private final double zeroThreshold;
    private final double zeroCount;
    private final double count;
    private final double sum;
    private final Span[] positiveSpans;
    private final double[] positive;
    private final Span[] negativeSpans;
    private final double[] negative;

    private Histogram(boolean isFloat, ResetHint hint, int schema, double zeroThreshold, double zeroCount, double count,
            double sum, Span[] positiveSpans, double[] positive, Span[] negativeSpans, double[] negative) {
        this.isFloat = isFloat;
        this.hint = Objects.requireNonNull(hint, "hint");
        this.schema = schema;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.count = count;
        this.sum = sum;
        this.positiveSpans = positiveSpans;
        this.positive = positive;
        this.negativeSpans = negativeSpans;
        this.negative = negative;
    }

    /**
     * A float histogram from absolute bucket counts.
     *
     * @throws HistogramErrors.Invalid when spans and counts disagree or the schema is out of range
     */
    public static Histogram ofFloat(ResetHint hint, int schema, double zeroThreshold, double zeroCount, double count,
            double sum, Span[] positiveSpans, double[] positive, Span[] negativeSpans, double[] negative) {
        return of(true, hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, positive, negativeSpans,
                negative);
    }

    /**
     * A histogram from absolute counts; with {@code isFloat} false the counts must be whole numbers
     * (storage decoders use this to rebuild integer histograms).
     */
    public static Histogram of(boolean isFloat, ResetHint hint, int schema, double zeroThreshold, double zeroCount,
            double count, double sum, Span[] positiveSpans, double[] positive, Span[] negativeSpans,
            double[] negative) {
        return checked(isFloat, hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, positive.clone(),
                negativeSpans, negative.clone());
    }

    /**
     * An integer histogram from the wire's delta-encoded bucket counts (each delta relative to the
     * previous bucket of the same sign, the first to zero), as remote write carries them.
     *
     * @throws HistogramErrors.Invalid when spans and deltas disagree, a count goes negative or the
     *     schema is out of range
     */
    public static Histogram ofIntegerDeltas(ResetHint hint, int schema, double zeroThreshold, long zeroCount,
            long count, double sum, Span[] positiveSpans, long[] positiveDeltas, Span[] negativeSpans,
            long[] negativeDeltas) {
        if (zeroCount < 0 || count < 0) {
            throw HistogramErrors.negativeCount(zeroCount < 0 ? "zero_count" : "count", Math.min(zeroCount, count));
        }
        return checked(false, hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans,
                absolute(positiveDeltas, "positive"), negativeSpans, absolute(negativeDeltas, "negative"));
    }

    /** An integer histogram from absolute counts (as OTLP carries them). */
    public static Histogram ofIntegerCounts(ResetHint hint, int schema, double zeroThreshold, long zeroCount, long count,
            double sum, Span[] positiveSpans, long[] positive, Span[] negativeSpans, long[] negative) {
        return checked(false, hint, schema, zeroThreshold, zeroCount, count, sum, positiveSpans, toDoubles(positive),
                negativeSpans, toDoubles(negative));
    }

    private static double[] toDoubles(long[] counts) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    private static double[] absolute(long[] deltas, String side) {
        double[] out = new double[deltas.length];
        long c = 0;
        for (int i = 0; i < deltas.length; i++) {
            c += deltas[i];
            if (c < 0) {
                throw HistogramErrors.negativeBucket(side, i, c);
            }
            out[i] = c;
        }
        return out;
    }

    private static Histogram checked(boolean isFloat, ResetHint hint, int schema, double zeroThreshold,
            double zeroCount, double count, double sum, Span[] positiveSpans, double[] positive, Span[] negativeSpans,
            double[] negative) {
        if (schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
            throw HistogramErrors.schemaOutOfRange(schema);
        }
        if (!(zeroThreshold >= 0)) {
            throw HistogramErrors.badZeroThreshold(zeroThreshold);
        }
        Span[] ps = positiveSpans.length == 0 ? NO_SPANS : positiveSpans.clone();
        Span[] ns = negativeSpans.length == 0 ? NO_SPANS : negativeSpans.clone();
        checkSpans(ps, positive.length, "positive");
        checkSpans(ns, negative.length, "negative");
        return new Histogram(isFloat, hint, schema, zeroThreshold, zeroCount, count, sum, ps,
                positive.length == 0 ? NO_COUNTS : positive, ns, negative.length == 0 ? NO_COUNTS : negative);
    }

    private static void checkSpans(Span[] spans, int buckets, String side) {
        long total = 0;
        for (int i = 0; i < spans.length; i++) {
            if (spans[i].length() < 0 || (i > 0 && spans[i].offset() < 0)) {
                throw HistogramErrors.badSpan(side, i, spans[i]);
            }
            total += spans[i].length();
        }
        if (total != buckets) {
            throw HistogramErrors.spanBucketMismatch(side, total, buckets);
        }
    }

    public boolean isFloat() {
        return isFloat;
    }

    public ResetHint hint() {
        return hint;
    }

    public int schema() {
        return schema;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public double zeroCount() {
        return zeroCount;
    }

    public double count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public int positiveSpanCount() {
        return positiveSpans.length;
    }

    public Span positiveSpan(int i) {
        return positiveSpans[i];
    }

    public int positiveBucketCount() {
        return positive.length;
    }

    /** Absolute count of the {@code i}-th populated positive bucket (in span order). */
    public double positiveBucket(int i) {
        return positive[i];
    }

    public int negativeSpanCount() {
        return negativeSpans.length;
    }

    public Span negativeSpan(int i) {
        return negativeSpans[i];
    }

    public int negativeBucketCount() {
        return negative.length;
    }

    public double negativeBucket(int i) {
        return negative[i];
    }

    /** Whether this sample carries the same schema, zero threshold and spans as {@code o}. */
    public boolean sameLayout(Histogram o) {
        return schema == o.schema && Double.doubleToRawLongBits(zeroThreshold) == Double.doubleToRawLongBits(o.zeroThreshold)
                && Arrays.equals(positiveSpans, o.positiveSpans) && Arrays.equals(negativeSpans, o.negativeSpans);
    }

    /**
     * Upper bound of bucket {@code index} in {@code schema}: {@code 2^(index * 2^-schema)}, as
     * Prometheus computes it, so boundaries print identically: {@code frac × 2^exp} with
     * {@code frac} from {@link BucketBounds} (every power-of-two boundary exact) and the last finite
     * bucket's bound capped at {@link Double#MAX_VALUE}.
     */
    public static double upperBound(int index, int schema) {
        if (schema <= 0) {
            long exp = (long) index << -schema;
            if (exp == 1024) {
                return Double.MAX_VALUE;
            }
            return Math.scalb(1.0, (int) Math.max(Math.min(exp, 2000), -2000));
        }
        int fracIdx = index & ((1 << schema) - 1);
        double frac = BucketBounds.frac(schema, fracIdx);
        int exp = (index >> schema) + 1;
        if (frac == 0.5 && exp == 1025) {
            return Double.MAX_VALUE;
        }
        return Math.scalb(frac, exp);
    }

    /** Receives buckets in ascending boundary order. */
    @FunctionalInterface
    public interface BucketVisitor {
        /**
         * @param lowerInclusive whether {@code lower} belongs to the bucket
         * @param upperInclusive whether {@code upper} belongs to the bucket
         */
        void bucket(double lower, double upper, boolean lowerInclusive, boolean upperInclusive, double count);
    }

    /**
     * Visits every bucket with a non-zero count, from the most negative up: negative buckets
     * {@code [-upper, -lower)}, the zero bucket {@code [-zt, zt]}, positive buckets {@code (lower, upper]}
     * (the order and inclusivity Prometheus's query API renders).
     */
    public void forEachBucket(BucketVisitor v) {
        int[] idx = indexes(negativeSpans, negative.length);
        for (int i = negative.length - 1; i >= 0; i--) {
            if (negative[i] != 0) {
                // a bucket reaching into the zero bucket is cut at its edge, as Prometheus reports it
                v.bucket(-upperBound(idx[i], schema), Math.min(-upperBound(idx[i] - 1, schema), -zeroThreshold), true, false,
                        negative[i]);
            }
        }
        if (zeroCount != 0) {
            v.bucket(-zeroThreshold, zeroThreshold, true, true, zeroCount);
        }
        idx = indexes(positiveSpans, positive.length);
        for (int i = 0; i < positive.length; i++) {
            if (positive[i] != 0) {
                v.bucket(Math.max(upperBound(idx[i] - 1, schema), zeroThreshold), upperBound(idx[i], schema), false, true,
                        positive[i]);
            }
        }
    }

    /** Bucket index of each populated bucket, in span order. */
    public static int[] indexes(Span[] spans, int buckets) {
        int[] out = new int[buckets];
        int k = 0;
        int index = 0;
        for (int s = 0; s < spans.length; s++) {
            index += spans[s].offset();
            for (int j = 0; j < spans[s].length(); j++) {
                out[k++] = index++;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && isFloat == h.isFloat && hint == h.hint && sameLayout(h)
                && bits(zeroCount) == bits(h.zeroCount) && bits(count) == bits(h.count) && bits(sum) == bits(h.sum)
                && Arrays.equals(positive, h.positive) && Arrays.equals(negative, h.negative);
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isFloat, hint, schema, bits(count), bits(sum), Arrays.hashCode(positive),
                Arrays.hashCode(negative));
    }

    @Override
    public String toString() {
        return "{" + (isFloat ? "float " : "") + "schema:" + schema + " count:" + count + " sum:" + sum + " z_bucket:"
                + zeroCount + " z_bucket_w:" + zeroThreshold + " hint:" + hint + " buckets:" + Arrays.toString(positive)
                + "@" + Arrays.toString(positiveSpans) + " n_buckets:" + Arrays.toString(negative) + "@"
                + Arrays.toString(negativeSpans) + "}";
    }
}
