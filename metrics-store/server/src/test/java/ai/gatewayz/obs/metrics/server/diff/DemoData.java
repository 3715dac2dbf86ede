package ai.gatewayz.obs.metrics.server.diff;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic data shaped like the PromLabs demo service the PromQL compliance queries
 * were written for: gauges, counters with resets, classic histograms, an intermittent series with
 * staleness markers, and missing samples. Timestamps are jittered by 1..999 ms so that no sample
 * ever sits exactly on a window boundary (where 2.x closed and 3.x left-open windows differ).
 */
final class DemoData {
    static final long SCRAPE_MS = 15_000;
    static final String[] INSTANCES = {"demo.promlabs.com:10000", "demo.promlabs.com:10001", "demo.promlabs.com:10002"};
    static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "+Inf"};

    /** One series with its samples. */
    record SeriesData(Labels labels, long[] t, double[] v) {
    }

    private DemoData() {
    }

    static List<SeriesData> generate(long base, int scrapes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<Labels, List<double[]>> out = new LinkedHashMap<>();
        for (String inst : INSTANCES) {
            long[] ts = new long[scrapes];
            for (int i = 0; i < scrapes; i++) {
                ts[i] = base + i * SCRAPE_MS + 1 + rnd.nextInt(999);
            }
            for (String type : new String[] {"free", "buffers", "cached", "used"}) {
                double v = 1e9 + rnd.nextInt(1_000_000_000);
                Labels l = Labels.of("__name__", "demo_memory_usage_bytes", "instance", inst, "job", "demo", "type", type);
                for (int i = 0; i < scrapes; i++) {
                    v += rnd.nextInt(20_000_000) - 10_000_000;
                    if (rnd.nextInt(50) != 0) {
                        add(out, l, ts[i], v);
                    }
                }
            }
            for (String mode : new String[] {"idle", "user", "system"}) {
                double v = rnd.nextInt(1000);
                Labels l = Labels.of("__name__", "demo_cpu_usage_seconds_total", "instance", inst, "job", "demo", "mode", mode);
                for (int i = 0; i < scrapes; i++) {
                    v += rnd.nextDouble() * 15;
                    if (rnd.nextInt(80) == 0) {
                        v = rnd.nextDouble() * 3;
                    }
                    add(out, l, ts[i], v);
                }
            }
            Labels cpus = Labels.of("__name__", "demo_num_cpus", "instance", inst, "job", "demo");
            Labels disk = Labels.of("__name__", "demo_disk_usage_bytes", "instance", inst, "job", "demo");
            Labels batch = Labels.of("__name__", "demo_batch_last_success_timestamp_seconds", "instance", inst, "job", "demo");
            Labels up = Labels.of("__name__", "up", "instance", inst, "job", "demo");
            double diskV = 5e10 + rnd.nextInt(1_000_000);
            double batchV = base / 1000.0 - 3600;
            for (int i = 0; i < scrapes; i++) {
                add(out, cpus, ts[i], 4 + 4 * (inst.hashCode() & 1));
                diskV += rnd.nextInt(1_000_000);
                add(out, disk, ts[i], diskV);
                if (rnd.nextInt(40) == 0) {
                    batchV = ts[i] / 1000.0;
                }
                add(out, batch, ts[i], batchV);
                add(out, up, ts[i], 1);
            }
            Labels inter = Labels.of("__name__", "demo_intermittent_metric", "instance", inst, "job", "demo");
            boolean on = true;
            for (int i = 0; i < scrapes; i++) {
                if (rnd.nextInt(30) == 0) {
                    on = !on;
                    if (!on) {
                        add(out, inter, ts[i], Values.STALE_NAN);
                        continue;
                    }
                }
                if (on) {
                    add(out, inter, ts[i], rnd.nextInt(100));
                }
            }
            for (String method : new String[] {"GET", "POST"}) {
                for (String path : new String[] {"/api/foo", "/api/bar"}) {
                    double[] counts = new double[BUCKETS.length];
                    double sum = 0;
                    for (int i = 0; i < scrapes; i++) {
                        int n = rnd.nextInt(50);
                        for (int k = 0; k < n; k++) {
                            double obs = Math.abs(rnd.nextDouble() * rnd.nextDouble() * 0.8);
                            sum += obs;
                            for (int b = 0; b < BUCKETS.length; b++) {
                                double le = b == BUCKETS.length - 1 ? Double.POSITIVE_INFINITY : Double.parseDouble(BUCKETS[b]);
                                if (obs <= le) {
                                    counts[b]++;
                                }
                            }
                        }
                        for (int b = 0; b < BUCKETS.length; b++) {
                            add(out, Labels.of("__name__", "demo_api_request_duration_seconds_bucket", "instance", inst,
                                    "job", "demo", "method", method, "path", path, "status", "200", "le", BUCKETS[b]), ts[i], counts[b]);
                        }
                        add(out, Labels.of("__name__", "demo_api_request_duration_seconds_count", "instance", inst,
                                "job", "demo", "method", method, "path", path, "status", "200"), ts[i], counts[BUCKETS.length - 1]);
                        add(out, Labels.of("__name__", "demo_api_request_duration_seconds_sum", "instance", inst,
                                "job", "demo", "method", method, "path", path, "status", "200"), ts[i], sum);
                    }
                }
            }
        }
        List<SeriesData> res = new ArrayList<>();
        out.forEach((l, pts) -> {
            long[] t = new long[pts.size()];
            double[] v = new double[pts.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = (long) pts.get(i)[0];
                v[i] = pts.get(i)[1];
            }
            res.add(new SeriesData(l, t, v));
        });
        return res;
    }

    private static void add(Map<Labels, List<double[]>> out, Labels l, long t, double v) {
        out.computeIfAbsent(l, k -> new ArrayList<>()).add(new double[] {t, v});
    }
}
