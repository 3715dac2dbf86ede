package ai.gatewayz.obs.sim.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With an ingest token configured, every exporter presents it in the form the suite's stores
 * accept: OTLP as a bearer token, loki4j as the basic-auth password.
 */
class TelemetryTokenTest {
    private HttpServer server;
    private final List<String> traceAuth = new CopyOnWriteArrayList<>();
    private final List<String> lokiAuth = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", ex -> {
            traceAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/loki/api/v1/push", ex -> {
            lokiAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void tracesCarryTheTokenAsBearer() throws Exception {
        try (Tracing tracing = new Tracing(new Tracing.Options("http/protobuf", base(), "gatewayz-api", "test", 64, 16,
                Duration.ofMillis(20), false, "s3cret"))) {
            tracing.tracer().spanBuilder("authenticated").startSpan().end();
            tracing.flush();
        }
        assertThat(traceAuth).isNotEmpty().allMatch("Bearer s3cret"::equals);
    }

    @Test
    void logsCarryTheTokenAsBasicPassword() throws Exception {
        LokiLogging loki = new LokiLogging(new LokiLogging.Options(base() + "/loki/api/v1/push", "gatewayz-api", "test",
                "gatewayz-api", false, 64 * 1024, 20, null, "s3cret"));
        try {
            LoggerFactory.getLogger("src.routes.chat").info("a line for the authenticated store");
            for (int i = 0; i < 100 && lokiAuth.isEmpty(); i++) {
                Thread.sleep(50);
            }
        } finally {
            loki.close();
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString("gateway-sim:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(lokiAuth).isNotEmpty().allMatch(expected::equals);
    }
}
