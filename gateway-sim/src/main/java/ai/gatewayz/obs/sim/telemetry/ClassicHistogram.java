package ai.gatewayz.obs.sim.telemetry;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Prometheus classic histogram family with exactly the upper bounds it is given, counted as
 * prometheus_client counts (an observation goes into the first bucket whose bound is {@code >=} it),
 * and rendered by the Prometheus client's own text and OpenMetrics writers, exemplars included.
 *
 * <p>Why not Micrometer: its fixed-boundary histogram counts whole units (a
 * {@code DistributionSummary} records {@code Math.ceil(value)}), so with fractional bounds 1 ms
 * and 0.51 s both count as 1 and land in the first bucket {@code >= 1}, or in {@code +Inf} when
 * every bound is below 1, while {@code _sum} stays right.
 *
 * <p>Beside the buckets the family keeps an {@link ObservedDistribution} of every value, and each
 * collection records, in the same critical section, what that distribution said about the values
 * the exposition counted ({@link #exposed()}): the ground truth a quantile computed from the
 * scraped buckets can be checked against.
 *
 * <p>Thread-safe: observations and collection synchronise on the family.
 */
public final class ClassicHistogram implements Collector {
    /** The quantiles recorded with every exposition. */
    public static final double[] TRUTH_QUANTILES = {0.5, 0.9, 0.99};
    private static final int EXPOSED_KEPT = 16;

    /** Where exemplar labels come from; {@code null} when no span is sampled now. */
    @FunctionalInterface
    public interface ExemplarSource {
        /** The labels of an exemplar for the current context, or {@code null} for none. */
        Labels current();

        ExemplarSource NONE = () -> null;
    }

    /** What the sim had observed when one exposition of this family was collected. */
    public record Exposed(long atMillis, long count, double sum, double[] quantiles) {
    }

    private final String name;
    private final String help;
    private final String[] labelNames;
    private final double[] bounds;
    private final double[] boundsWithInf;
    private final ExemplarSource exemplars;
    private final Clock clock;
    private final Map<List<String>, Series> series = new HashMap<>();
    private final List<Series> order = new ArrayList<>();
    private final ObservedDistribution observed = new ObservedDistribution();
    private final ArrayDeque<Exposed> exposed = new ArrayDeque<>();

    ClassicHistogram(String name, String help, double[] bounds, String[] labelNames, ExemplarSource exemplars, Clock clock) {
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must be finite and ascending [name=" + name + ", bounds="
                    + Arrays.toString(bounds) + "]");
            }
        }
        this.name = name;
        this.help = help;
        this.labelNames = labelNames.clone();
        this.bounds = bounds.clone();
        this.boundsWithInf = Arrays.copyOf(bounds, bounds.length + 1);
        this.boundsWithInf[bounds.length] = Double.POSITIVE_INFINITY;
        this.exemplars = exemplars;
        this.clock = clock;
        if (labelNames.length == 0) {
            // prometheus_client renders an unlabelled histogram from the start, all zero
            series(List.of());
        }
    }

    public String name() {
        return name;
    }

    /** The finite upper bounds ({@code +Inf} is implied). */
    public double[] bounds() {
        return bounds.clone();
    }

    /** Records one observation in the series with these label values (in label-name order). */
    public void observe(double value, String... labelValues) {
        if (labelValues.length != labelNames.length) {
            throw new IllegalArgumentException("wrong number of label values [name=" + name + ", expected=" + labelNames.length
                + ", got=" + labelValues.length + "]");
        }
        Labels ex = exemplars.current();
        int b = bucketOf(value);
        synchronized (this) {
            Series s = series(List.of(labelValues));
            s.counts[b]++;
            s.sum += value;
            if (ex != null) {
                s.exemplars[b] = new Exemplar(value, ex, clock.millis());
            }
            observed.add(value);
        }
    }

    /** The bucket index of a value: the first bound {@code >=} it, {@code bounds.length} for {@code +Inf}. */
    public int bucketOf(double value) {
        int lo = 0;
        int hi = bounds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (value <= bounds[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The ground truth of the most recent collections, newest first. */
    public synchronized List<Exposed> exposed() {
        return List.copyOf(exposed);
    }

    /** The ground truth now (not tied to an exposition). */
    public synchronized Exposed now() {
        return truth();
    }

    @Override
    public String getPrometheusName() {
        return name;
    }

    @Override
    public MetricSnapshot collect() {
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>();
        synchronized (this) {
            for (Series s : order) {
                List<Exemplar> ex = new ArrayList<>(2);
                for (Exemplar e : s.exemplars) {
                    if (e != null) {
                        ex.add(e);
                    }
                }
                points.add(new HistogramSnapshot.HistogramDataPointSnapshot(ClassicHistogramBuckets.of(boundsWithInf, s.counts.clone()),
                    s.sum, s.labels, ex.isEmpty() ? Exemplars.EMPTY : Exemplars.of(ex), 0L));
            }
            if (exposed.size() == EXPOSED_KEPT) {
                exposed.removeLast();
            }
            exposed.addFirst(truth());
        }
        return new HistogramSnapshot(new MetricMetadata(name, help), points);
    }

    private Exposed truth() {
        double[] q = new double[TRUTH_QUANTILES.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = observed.quantile(TRUTH_QUANTILES[i]);
        }
        return new Exposed(clock.millis(), observed.count(), observed.sum(), q);
    }

    private Series series(List<String> values) {
        Series s = series.get(values);
        if (s == null) {
            s = new Series(Labels.of(labelNames, values.toArray(String[]::new)), bounds.length + 1);
            series.put(values, s);
            order.add(s);
        }
        return s;
    }

    /** Per-bucket (not cumulative) counts; guarded by the family's monitor. */
    private static final class Series {
        final Labels labels;
        final long[] counts;
        final Exemplar[] exemplars;
        double sum;

        Series(Labels labels, int buckets) {
            this.labels = labels;
            this.counts = new long[buckets];
            this.exemplars = new Exemplar[buckets];
        }
    }
}
