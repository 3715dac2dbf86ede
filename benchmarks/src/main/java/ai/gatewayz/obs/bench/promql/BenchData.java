package ai.gatewayz.obs.bench.promql;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * GatewayZ-shaped synthetic series: {@code model_inference_requests_total{provider,model,status}}
 * counters and {@code model_inference_duration_seconds_bucket{provider,model,le}} histograms.
 */
final class BenchData {
    static final String[] LE = {"0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf"};

    /** A series and its samples. */
    record Series(Labels labels, long[] t, double[] v) {
    }

    private BenchData() {
    }

    /**
     * {@code seriesCount} series in total, half counters and half buckets, with samples every
     * {@code intervalMs} over {@code [start, start + samples * intervalMs)}.
     */
    static List<Series> generate(int seriesCount, long start, long intervalMs, int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Series> out = new ArrayList<>(seriesCount);
        int counters = seriesCount / 2;
        for (int i = 0; i < counters; i++) {
            String provider = "provider-" + (i % 30);
            String model = "model-" + (i / 60);
            String status = (i / 30) % 2 == 0 ? "success" : "error";
            Labels l = Labels.of("__name__", "model_inference_requests_total", "provider", provider, "model", model,
                    "status", status, "job", "gatewayz");
            out.add(series(l, start, intervalMs, samples, rnd, 1 + rnd.nextInt(20)));
        }
        int groups = (seriesCount - counters) / LE.length;
        for (int g = 0; g < groups; g++) {
            String provider = "provider-" + (g % 30);
            String model = "model-" + (g / 30);
            double rate = 1 + rnd.nextInt(20);
            for (int b = 0; b < LE.length; b++) {
                Labels l = Labels.of("__name__", "model_inference_duration_seconds_bucket", "provider", provider,
                        "model", model, "le", LE[b], "job", "gatewayz");
                out.add(series(l, start, intervalMs, samples, new SplittableRandom(seed + g), rate * (b + 1) / LE.length));
            }
        }
        return out;
    }

    private static Series series(Labels l, long start, long intervalMs, int samples, SplittableRandom rnd, double rate) {
        long[] t = new long[samples];
        double[] v = new double[samples];
        double acc = 0;
        for (int i = 0; i < samples; i++) {
            t[i] = start + i * intervalMs;
            acc += rate * (0.5 + rnd.nextDouble());
            v[i] = Math.floor(acc);
        }
        return new Series(l, t, v);
    }

    static void load(Storage storage, List<Series> data) {
        Appender a = storage.appender();
        for (Series s : data) {
            long ref = 0;
            for (int i = 0; i < s.t().length; i++) {
                ref = a.append(ref, s.labels(), s.t()[i], s.v()[i]);
            }
        }
        a.commit();
    }

    /** Dashboard-style queries (the shapes the GatewayZ dashboards use most). */
    static final List<String> DASHBOARD_QUERIES = List.of(
            "sum by (provider) (rate(model_inference_requests_total[5m]))",
            "sum by (provider) (rate(model_inference_requests_total{status=\"error\"}[5m])) / sum by (provider) (rate(model_inference_requests_total[5m]))",
            "topk(10, sum by (model) (rate(model_inference_requests_total[5m])))",
            "histogram_quantile(0.95, sum by (le) (rate(model_inference_duration_seconds_bucket[5m])))",
            "histogram_quantile(0.5, sum by (provider, le) (rate(model_inference_duration_seconds_bucket[5m])))",
            "sum(increase(model_inference_requests_total[1h]))",
            "count(sum by (model) (rate(model_inference_requests_total[5m])) > 0) or vector(0)",
            "sum(rate(model_inference_requests_total{status=\"error\"}[5m])) / clamp_min(sum(rate(model_inference_requests_total[5m])), 0.001) * 100");
}
