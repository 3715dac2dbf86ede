package ai.gatewayz.obs.sim.api;

import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The backend's ObservabilityMiddleware for real HTTP requests: {@code fastapi_*} and
 * {@code http_*} metrics per method, normalised path and status, plus the in-progress gauge.
 * {@code /metrics} and the health probes are not recorded. Streaming responses are recorded when
 * the async request completes. The request's SERVER span (if the handler emitted one) is made
 * current while recording, so the duration histogram carries its trace id as exemplar.
 */
public final class HttpLayerFilter extends OncePerRequestFilter {
    private final GatewayMetrics metrics;

    public HttpLayerFilter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String p = request.getRequestURI();
        return p.equals("/metrics") || p.startsWith("/-/") || p.startsWith("/actuator") || p.equals("/ready") || p.equals("/health");
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long t0 = System.nanoTime();
        String method = request.getMethod();
        String path = request.getRequestURI();
        AutoCloseable progress = metrics.started(method, path);
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                async = true;
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(request, response, method, path, t0, progress);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            }
        } finally {
            if (!async) {
                record(request, response, method, path, t0, progress);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, String method, String path, long t0, AutoCloseable progress) {
        try {
            progress.close();
        } catch (Exception ignored) {
            // the handle only decrements gauges
        }
        Object span = request.getAttribute(ChatController.SPAN_ATTRIBUTE);
        Span s = span instanceof Span sp ? sp : Span.getInvalid();
        long reqBytes = Math.max(0, request.getContentLengthLong());
        String cl = response.getHeader("Content-Length");
        long respBytes = cl == null ? 0 : Long.parseLong(cl);
        try (Scope ignored = s.makeCurrent()) {
            metrics.http(method, path, response.getStatus(), (System.nanoTime() - t0) / 1e9, reqBytes, respBytes);
        }
    }
}
