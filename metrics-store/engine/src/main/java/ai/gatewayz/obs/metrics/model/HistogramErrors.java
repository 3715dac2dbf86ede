package ai.gatewayz.obs.metrics.model;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/** Why a native histogram sample is malformed, one factory each; all map to 400 (bad data). */
public final class HistogramErrors {
    /** A histogram whose fields contradict each other or lie out of range. */
    public static final class Invalid extends SuiteException {
        Invalid(String message) {
            super(ErrorKind.BAD_DATA, message);
        }
    }

    private HistogramErrors() {
    }

    public static Invalid schemaOutOfRange(int schema) {
        return new Invalid("native histogram schema out of range [schema=" + schema + ", min="
                + Histogram.MIN_SCHEMA + ", max=" + Histogram.MAX_SCHEMA + "]");
    }

    public static Invalid badZeroThreshold(double zt) {
        return new Invalid("native histogram zero threshold must be a non-negative number [zero_threshold=" + zt + "]");
    }

    public static Invalid negativeCount(String field, long value) {
        return new Invalid("native histogram count is negative [field=" + field + ", value=" + value + "]");
    }

    public static Invalid negativeBucket(String side, int bucket, long value) {
        return new Invalid("native histogram bucket count is negative [side=" + side + ", bucket=" + bucket
                + ", count=" + value + "]");
    }

    public static Invalid badSpan(String side, int span, Histogram.Span s) {
        return new Invalid("native histogram span has a negative offset or length [side=" + side + ", span=" + span
                + ", offset=" + s.offset() + ", length=" + s.length() + "]");
    }

    public static Invalid spanBucketMismatch(String side, long spanned, int buckets) {
        return new Invalid("native histogram spans and bucket counts disagree [side=" + side + ", spanned="
                + spanned + ", buckets=" + buckets + "]");
    }

    public static Invalid mixedKinds() {
        return new Invalid("native histogram mixes integer and float fields [reason=count_float needs bucket counts, "
                + "count_int needs bucket deltas]");
    }

    public static Invalid customBuckets(int schema) {
        return new Invalid("native histograms with custom buckets are not supported [schema=" + schema + "]");
    }
}
