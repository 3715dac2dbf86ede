package ai.gatewayz.obs.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's own metrics at {@code /metrics}, in the Prometheus text format or OpenMetrics when
 * the scraper asks for it, so the suite can scrape itself like any other target. The body is written
 * straight to the response so the Content-Type reads exactly as Prometheus's own.
 */
@RestController
public class SelfMetricsController {
    static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public SelfMetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/metrics")
    public void metrics(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response) throws IOException {
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT_004;
        byte[] body = registry.scrape(contentType).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setHeader(HttpHeaders.CONTENT_TYPE, contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
