package ai.gatewayz.obs.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's own metrics at {@code /metrics}, in the Prometheus text format or OpenMetrics when
 * the scraper asks for it, so the suite can scrape itself like any other target.
 */
@RestController
public class SelfMetricsController {
    private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public SelfMetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/metrics")
    public ResponseEntity<String> metrics(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT_004;
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, contentType).body(registry.scrape(contentType));
    }
}
