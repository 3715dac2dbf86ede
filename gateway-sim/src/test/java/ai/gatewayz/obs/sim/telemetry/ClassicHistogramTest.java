package ai.gatewayz.obs.sim.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.gatewayz.obs.sim.support.Exposition;
import ai.gatewayz.obs.testkit.TestClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The histogram family itself: exemplars per bucket, bad declarations, and the ground truth it records. */
class ClassicHistogramTest {
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private final TestClock clock = TestClock.at(Instant.parse("2026-03-20T10:00:00Z"));
    private final AtomicReference<Labels> span = new AtomicReference<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HistogramFamilies families = new HistogramFamilies(registry.getPrometheusRegistry(), span::get, clock);

    @Test
    void exemplarsNameTheSpanOfTheLatestObservationInTheirBucketAndOnlyInOpenMetrics() {
        ClassicHistogram h = families.family("x_seconds", "X", new double[] {0.001, 0.5, 1}, "provider");
        span.set(Labels.of("span_id", "00f067aa0ba902b7", "trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));
        h.observe(0.51, "groq");
        span.set(null);
        h.observe(0.001, "groq");
        Exposition om = Exposition.parse(registry.scrape(OPENMETRICS), true);
        Map<String, Map<String, String>> exemplarByLe = new java.util.TreeMap<>();
        for (Exposition.Sample s : om.family("x_seconds").samples) {
            if (s.name().equals("x_seconds_bucket") && s.exemplar() != null) {
                exemplarByLe.put(s.labels().get("le"), s.exemplar());
            }
        }
        assertThat(exemplarByLe).containsOnlyKeys("1.0");
        assertThat(exemplarByLe.get("1.0")).containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
            .containsEntry("span_id", "00f067aa0ba902b7");
        assertThat(registry.scrape()).doesNotContain("# {").contains("x_seconds_bucket{provider=\"groq\",le=\"0.001\"} 1");
    }

    @Test
    void anUnlabelledFamilyIsRenderedFromTheStartAllZero() {
        families.family("v_seconds", "V", new double[] {10, 30});
        Exposition e = Exposition.parse(registry.scrape(), false);
        assertThat(e.family("v_seconds").sum("v_seconds_count", Map.of())).isZero();
        assertThat(e.family("v_seconds").buckets()).containsExactly(10.0, 30.0);
    }

    @Test
    void badDeclarationsAndObservationsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> families.family("b_seconds", "B", new double[] {1, 0.5}))
            .hasMessage("histogram bounds must be finite and ascending [name=b_seconds, bounds=[1.0, 0.5]]");
        ClassicHistogram h = families.family("c_seconds", "C", new double[] {1}, "provider", "model");
        assertThatThrownBy(() -> h.observe(1, "groq")).hasMessage("wrong number of label values [name=c_seconds, expected=2, got=1]");
    }

    @Test
    void everyCollectionRecordsWhatItCountedNewestFirst() {
        ClassicHistogram h = families.family("t_seconds", "T", new double[] {0.1, 1});
        for (int ms = 1; ms <= 1000; ms++) {
            h.observe(ms / 1000.0);
        }
        registry.scrape();
        clock.advance(java.time.Duration.ofSeconds(15));
        h.observe(5);
        registry.scrape();
        List<ClassicHistogram.Exposed> exposed = h.exposed();
        assertThat(exposed).hasSize(2);
        assertThat(exposed.get(0).count()).isEqualTo(1001);
        assertThat(exposed.get(1).count()).isEqualTo(1000);
        assertThat(exposed.get(1).atMillis()).isEqualTo(Instant.parse("2026-03-20T10:00:00Z").toEpochMilli());
        // nearest rank: the 500th and 990th of 1..1000 ms, to within the bins' 0.25%
        assertThat(exposed.get(1).quantiles()[0]).isCloseTo(0.5, within(0.5 * 0.0025));
        assertThat(exposed.get(1).quantiles()[2]).isCloseTo(0.99, within(0.99 * 0.0025));
        assertThat(exposed.get(1).sum()).isCloseTo(500.5, within(1e-9));
    }

    @Test
    void theTruthOfNothingIsNaNAndOfZerosIsZero() {
        ClassicHistogram h = families.family("z_seconds", "Z", new double[] {1});
        assertThat(h.now().quantiles()[0]).isNaN();
        h.observe(0);
        h.observe(0);
        h.observe(3);
        assertThat(h.now().quantiles()[0]).isZero();
        assertThat(h.now().quantiles()[2]).isCloseTo(3, within(3 * 0.0025));
    }
}
