package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.ingest.IngestOptions;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.ingest.WriteResult;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.xerial.snappy.Snappy;

/**
 * metrics-store's real remote-write receiver ({@link RemoteWriteReceiver} into a {@link MemoryStorage})
 * behind a loopback HTTP server, answering as metrics-store's controller does (204, 400 with the
 * reasons, the 2.0 written-count headers). Tests can make the next requests fail with a status, or
 * stall until released, to see the client retry and stay bounded.
 */
final class InProcessReceiver implements AutoCloseable {
    final MemoryStorage storage = new MemoryStorage();
    private final RemoteWriteReceiver receiver = new RemoteWriteReceiver(IngestOptions.defaults(),
            new LimitsRegistry(TenantLimits.unlimited(), Map.of()), new IngestionRateLimiter(Clock.systemUTC()),
            Clock.systemUTC());
    private final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    /** Every RW 1.0 sample of a request answered 2xx, as {@code <series>@<t>}, duplicates included. */
    final List<String> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus;
    private volatile String retryAfter;
    private volatile CountDownLatch stall;

    InProcessReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/write", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    /** The next {@code n} requests answer {@code status} (with {@code Retry-After} if not null). */
    void failNext(int n, int status, String retryAfterValue) {
        failStatus = status;
        retryAfter = retryAfterValue;
        failNext.set(n);
    }

    /** Requests block until {@link #release}. */
    void stall() {
        stall = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch l = stall;
        stall = null;
        if (l != null) {
            l.countDown();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            headers.add(Map.copyOf(ex.getRequestHeaders()));
            byte[] body = ex.getRequestBody().readAllBytes();
            CountDownLatch l = stall;
            if (l != null) {
                try {
                    l.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (retryAfter != null) {
                    ex.getResponseHeaders().set("Retry-After", retryAfter);
                }
                respond(ex, failStatus, "injected failure");
                return;
            }
            try {
                WriteResult r = receiver.write("anonymous", storage, ex.getRequestHeaders().getFirst("Content-Type"),
                        ex.getRequestHeaders().getFirst("Content-Encoding"), body);
                ex.getResponseHeaders().set("X-Prometheus-Remote-Write-Samples-Written", Long.toString(r.samplesWritten()));
                ex.getResponseHeaders().set("X-Prometheus-Remote-Write-Histograms-Written", Long.toString(r.histogramsWritten()));
                ex.getResponseHeaders().set("X-Prometheus-Remote-Write-Exemplars-Written", Long.toString(r.exemplarsWritten()));
                if (r.ok() && "application/x-protobuf".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                    record(body);
                }
                respond(ex, r.ok() ? 204 : 400, r.message());
            } catch (SuiteException e) {
                respond(ex, 400, e.getMessage());
            }
        }
    }

    private void record(byte[] body) throws IOException {
        RemoteWriteV1.WriteRequest req = RemoteWriteV1.WriteRequest.parseFrom(Snappy.uncompress(body));
        for (RemoteWriteV1.TimeSeries ts : req.getTimeseriesList()) {
            StringBuilder series = new StringBuilder("{");
            for (RemoteWriteV1.Label l : ts.getLabelsList()) {
                series.append(series.length() > 1 ? "," : "").append(l.getName()).append('=').append(l.getValue());
            }
            series.append('}');
            for (RemoteWriteV1.Sample smp : ts.getSamplesList()) {
                delivered.add(series + "@" + smp.getTimestamp());
            }
        }
    }

    private static void respond(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (status == 204 || b.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        storage.close();
    }
}
