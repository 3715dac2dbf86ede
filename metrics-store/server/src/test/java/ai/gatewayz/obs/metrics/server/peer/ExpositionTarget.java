package ai.gatewayz.obs.metrics.server.peer;

import ai.gatewayz.obs.testkit.FreePorts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A scrape target on loopback serving a fixed exposition body (null body = answer 500, i.e. down). */
public final class ExpositionTarget implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<String> contentType = new AtomicReference<>("text/plain; version=0.0.4; charset=utf-8");
    private final AtomicInteger scrapes = new AtomicInteger();
    private final AtomicReference<String> lastAccept = new AtomicReference<>();

    public ExpositionTarget(String initial) {
        body.set(initial);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", ex -> {
            scrapes.incrementAndGet();
            lastAccept.set(ex.getRequestHeaders().getFirst("Accept"));
            String b = body.get();
            if (b == null) {
                ex.sendResponseHeaders(500, -1);
                ex.close();
                return;
            }
            byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
            if (contentType.get() != null) {
                ex.getResponseHeaders().set("Content-Type", contentType.get());
            }
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public void set(String newBody) {
        body.set(newBody);
    }

    public void contentType(String ct) {
        contentType.set(ct);
    }

    public int scrapes() {
        return scrapes.get();
    }

    public String lastAccept() {
        return lastAccept.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
