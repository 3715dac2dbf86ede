package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.model.HistogramErrors;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.proto.prometheus.v2.RemoteWriteV2;
import java.util.List;

/**
 * Remote write 1.0 and 2.0 {@code Histogram} messages (identical fields, different generated
 * classes) to the native histogram model. An integer histogram carries {@code count_int} and bucket
 * deltas, a float histogram {@code count_float} and absolute bucket counts; a message mixing the
 * two, or using custom buckets (schema -53, not in the model yet), is refused. Stateless.
 */
final class RemoteWriteHistograms {
    private RemoteWriteHistograms() {
    }

    static Histogram of(RemoteWriteV1.Histogram h) {
        if (h.getCustomValuesCount() > 0) {
            throw HistogramErrors.customBuckets(h.getSchema());
        }
        boolean isFloat = h.getCountCase() == RemoteWriteV1.Histogram.CountCase.COUNT_FLOAT;
        return build(isFloat, h.getResetHintValue(), h.getSchema(), h.getZeroThreshold(),
                isFloat ? h.getZeroCountFloat() : h.getZeroCountInt(), h.getZeroCountInt(),
                isFloat ? h.getCountFloat() : h.getCountInt(), h.getCountInt(), h.getSum(),
                spansV1(h.getPositiveSpansList()), h.getPositiveDeltasList(), h.getPositiveCountsList(),
                spansV1(h.getNegativeSpansList()), h.getNegativeDeltasList(), h.getNegativeCountsList());
    }

    static Histogram of(RemoteWriteV2.Histogram h) {
        if (h.getCustomValuesCount() > 0) {
            throw HistogramErrors.customBuckets(h.getSchema());
        }
        boolean isFloat = h.getCountCase() == RemoteWriteV2.Histogram.CountCase.COUNT_FLOAT;
        return build(isFloat, h.getResetHintValue(), h.getSchema(), h.getZeroThreshold(),
                isFloat ? h.getZeroCountFloat() : h.getZeroCountInt(), h.getZeroCountInt(),
                isFloat ? h.getCountFloat() : h.getCountInt(), h.getCountInt(), h.getSum(),
                spansV2(h.getPositiveSpansList()), h.getPositiveDeltasList(), h.getPositiveCountsList(),
                spansV2(h.getNegativeSpansList()), h.getNegativeDeltasList(), h.getNegativeCountsList());
    }

    private static Histogram build(boolean isFloat, int hint, int schema, double zt, double zeroCount, long zeroCountInt,
            double count, long countInt, double sum, Span[] ps, List<Long> pd, List<Double> pc, Span[] ns, List<Long> nd,
            List<Double> nc) {
        ResetHint rh = ResetHint.of(hint);
        if (isFloat) {
            if (!pd.isEmpty() || !nd.isEmpty()) {
                throw HistogramErrors.mixedKinds();
            }
            return Histogram.ofFloat(rh, schema, zt, zeroCount, count, sum, ps, doubles(pc), ns, doubles(nc));
        }
        if (!pc.isEmpty() || !nc.isEmpty()) {
            throw HistogramErrors.mixedKinds();
        }
        // uint64 on the wire: a value beyond Long.MAX_VALUE arrives negative and is refused as such.
        return Histogram.ofIntegerDeltas(rh, schema, zt, zeroCountInt, countInt, sum, ps, longs(pd), ns, longs(nd));
    }

    private static Span[] spansV1(List<RemoteWriteV1.BucketSpan> in) {
        Span[] out = new Span[in.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Span(in.get(i).getOffset(), in.get(i).getLength());
        }
        return out;
    }

    private static Span[] spansV2(List<RemoteWriteV2.BucketSpan> in) {
        Span[] out = new Span[in.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Span(in.get(i).getOffset(), in.get(i).getLength());
        }
        return out;
    }

    private static long[] longs(List<Long> in) {
        long[] out = new long[in.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.get(i);
        }
        return out;
    }

    private static double[] doubles(List<Double> in) {
        double[] out = new double[in.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.get(i);
        }
        return out;
    }
}
