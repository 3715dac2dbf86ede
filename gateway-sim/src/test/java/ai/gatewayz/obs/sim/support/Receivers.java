package ai.gatewayz.obs.sim.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Loopback stand-ins for the stores, answering as the real ones do (OTLP/HTTP 200 with an empty
 * protobuf response, Loki 204, Pyroscope 200) and recording every request for assertions.
 */
public final class Receivers implements AutoCloseable {
    /** One received request. */
    public record Request(String path, String query, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    public final List<Request> traces = new CopyOnWriteArrayList<>();
    public final List<Request> logs = new CopyOnWriteArrayList<>();
    public final List<Request> profiles = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public Receivers() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/traces", ex -> handle(ex, traces, 200, "application/x-protobuf"));
        server.createContext("/loki/api/v1/push", ex -> handle(ex, logs, 204, null));
        server.createContext("/ingest", ex -> handle(ex, profiles, 200, null));
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void handle(HttpExchange ex, List<Request> sink, int status, String contentType) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        sink.add(new Request(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), body));
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
