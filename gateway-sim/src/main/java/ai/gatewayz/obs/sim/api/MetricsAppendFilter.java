package ai.gatewayz.obs.sim.api;

import ai.gatewayz.obs.sim.telemetry.ExtraExposition;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Completes the suite's shared {@code /metrics} (Micrometer's exposition) with the families of
 * {@link ExtraExposition}, in the format the scraper negotiated: appended for text 0.0.4, inserted
 * before {@code # EOF} for OpenMetrics.
 */
public final class MetricsAppendFilter extends OncePerRequestFilter {
    private final ExtraExposition extra;
    private final Clock clock;

    public MetricsAppendFilter(ExtraExposition extra, Clock clock) {
        this.extra = extra;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("GET".equals(request.getMethod()) && "/metrics".equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, wrapper);
        if (wrapper.getStatus() != 200) {
            wrapper.copyBodyToResponse();
            return;
        }
        String body = new String(wrapper.getContentAsByteArray(), StandardCharsets.UTF_8);
        String type = wrapper.getContentType();
        boolean om = type != null && type.contains("openmetrics");
        String add = extra.render(om, clock.millis());
        String out;
        if (om) {
            int eof = body.lastIndexOf("# EOF");
            out = eof < 0 ? body + add + "# EOF\n" : body.substring(0, eof) + add + body.substring(eof);
        } else {
            out = body + add;
        }
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        wrapper.resetBuffer();
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
