package ai.gatewayz.obs.sim.api;

import ai.gatewayz.obs.sim.telemetry.ClassicHistogram;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ground truth of the histograms: {@code GET /sim/observations} lists, per histogram family,
 * its bounds, what it has observed now, and what it had observed when each of its recent
 * expositions was collected (newest first: count, sum and the quantiles of
 * {@link ClassicHistogram#TRUTH_QUANTILES}, measured to within 0.25%). A scraper's
 * {@code histogram_quantile} over the buckets of the exposition whose {@code _count} it stored can be
 * checked against these numbers.
 */
@RestController
public class ObservationsController {
    private final GatewayMetrics metrics;

    public ObservationsController(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @GetMapping("/sim/observations")
    public Map<String, Object> observations() {
        Map<String, Object> families = new TreeMap<>();
        for (ClassicHistogram h : metrics.histograms().all()) {
            Map<String, Object> f = new LinkedHashMap<>();
            List<Double> bounds = new ArrayList<>();
            for (double b : h.bounds()) {
                bounds.add(b);
            }
            f.put("bounds", bounds);
            f.put("now", json(h.now()));
            f.put("exposed", h.exposed().stream().map(ObservationsController::json).toList());
            families.put(h.name(), f);
        }
        return Map.of("families", families);
    }

    private static Map<String, Object> json(ClassicHistogram.Exposed e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", Instant.ofEpochMilli(e.atMillis()).toString());
        m.put("count", e.count());
        m.put("sum", e.sum());
        Map<String, Object> q = new LinkedHashMap<>();
        for (int i = 0; i < ClassicHistogram.TRUTH_QUANTILES.length; i++) {
            double v = e.quantiles()[i];
            q.put(Double.toString(ClassicHistogram.TRUTH_QUANTILES[i]), Double.isNaN(v) ? null : v);
        }
        m.put("quantiles", q);
        return m;
    }
}
