package ai.gatewayz.obs.bench.remotewrite;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback receiver that reads each body and answers 204 (or holds every request while stalled),
 * so the benchmarks measure the client, not a store.
 */
final class SinkReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    final LongAdder bytes = new LongAdder();
    private volatile CountDownLatch stall;

    SinkReceiver(boolean stalled) throws IOException {
        stall = stalled ? new CountDownLatch(1) : null;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/api/v1/write", ex -> {
            try (ex) {
                bytes.add(ex.getRequestBody().readAllBytes().length);
                CountDownLatch l = stall;
                if (l != null) {
                    try {
                        l.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    @Override
    public void close() {
        CountDownLatch l = stall;
        if (l != null) {
            l.countDown();
        }
        server.stop(0);
        pool.shutdownNow();
    }
}
