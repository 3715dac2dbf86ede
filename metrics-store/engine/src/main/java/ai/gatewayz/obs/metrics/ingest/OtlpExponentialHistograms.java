package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.model.HistogramErrors;
import ai.gatewayz.obs.metrics.model.Values;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP exponential histogram points to native histograms, with the OpenTelemetry-to-Prometheus
 * mapping: scale is the schema (scales above 8 are merged down to 8, below -4 refused); OTLP bucket
 * {@code i} covers {@code (base^i, base^(i+1)]}, Prometheus bucket {@code i} covers
 * {@code (base^(i-1), base^i]}, so every index moves up by one; absolute bucket counts become spans
 * over the populated runs. Stateless.
 */
final class OtlpExponentialHistograms {
    private OtlpExponentialHistograms() {
    }

    static Histogram of(ExponentialHistogramDataPoint p, boolean stale) {
        int scale = p.getScale();
        if (scale < Histogram.MIN_SCHEMA) {
            throw HistogramErrors.schemaOutOfRange(scale);
        }
        int down = Math.max(0, scale - Histogram.MAX_SCHEMA);
        List<Span> ps = new ArrayList<>();
        long[] pos = buckets(p.getPositive(), down, ps);
        List<Span> ns = new ArrayList<>();
        long[] neg = buckets(p.getNegative(), down, ns);
        double sum = stale ? Values.STALE_NAN : p.hasSum() ? p.getSum() : 0;
        return Histogram.ofIntegerCounts(ResetHint.UNKNOWN, scale - down, p.getZeroThreshold(), p.getZeroCount(),
                p.getCount(), sum, ps.toArray(Span[]::new), pos, ns.toArray(Span[]::new), neg);
    }

    /** Absolute counts per populated Prometheus bucket index, merging {@code 2^down} OTLP buckets into one. */
    private static long[] buckets(ExponentialHistogramDataPoint.Buckets b, int down, List<Span> spans) {
        long[] out = new long[b.getBucketCountsCount()];
        int n = 0;
        int last = 0;
        for (int i = 0; i < b.getBucketCountsCount(); i++) {
            int index = ((b.getOffset() + i) >> down) + 1;
            long c = b.getBucketCounts(i);
            if (n > 0 && index == last) {
                out[n - 1] += c;
                continue;
            }
            if (n == 0) {
                spans.add(new Span(index, 1));
            } else if (index == last + 1) {
                Span s = spans.removeLast();
                spans.add(new Span(s.offset(), s.length() + 1));
            } else {
                spans.add(new Span(index - last - 1, 1));
            }
            out[n++] = c;
            last = index;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
