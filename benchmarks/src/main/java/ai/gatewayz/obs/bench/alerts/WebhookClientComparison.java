package ai.gatewayz.obs.bench.alerts;

import ai.gatewayz.obs.alerts.notify.HttpPostClient;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhook client comparison: the same number of ~1.3 KB JSON POSTs to a local JDK HTTP server, at
 * most {@code inFlight} at a time from virtual threads (as the dispatcher sends), through
 * {@code java.net.http} (HTTP/1.1) and through the engine's {@link HttpPostClient}. Prints POSTs/s
 * and per-request p50/p99 for each; three rounds, alternating, after a warm-up.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.alerts.WebhookClientComparison [posts=20000] [inFlight=32]
 * </pre>
 */
public final class WebhookClientComparison {
    private WebhookClientComparison() {
    }

    interface Poster {
        int post(byte[] body) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int posts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        AtomicInteger received = new AtomicInteger();
        sink.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        sink.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        sink.start();
        URI uri = URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/hook");
        byte[] body = ("{\"receiver\":\"hook\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"x\","
                + "\"instance\":\"host-1\",\"job\":\"bench\",\"severity\":\"warning\"},\"annotations\":{\"summary\":\"benchmark alert\"},"
                + "\"startsAt\":\"2026-11-27T10:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prometheus:9090/graph\","
                + "\"fingerprint\":\"0123456789abcdef\"}],\"groupLabels\":{\"alertname\":\"x\"},\"commonLabels\":{},"
                + "\"commonAnnotations\":{},\"externalURL\":\"http://localhost:9093\",\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"x\\\"}\","
                + "\"truncatedAlerts\":0}" + " ".repeat(900)).getBytes(StandardCharsets.UTF_8);

        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Poster jdkPoster = b -> jdk.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "bench")
                .POST(HttpRequest.BodyPublishers.ofByteArray(b)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        HttpPostClient lean = new HttpPostClient(5_000);
        Map<String, String> headers = Map.of("Content-Type", "application/json", "User-Agent", "bench");
        Poster leanPoster = b -> lean.post(uri, headers, b, 10_000).status();

        run("warm-up java.net.http", jdkPoster, body, posts / 4, inFlight);
        run("warm-up HttpPostClient", leanPoster, body, posts / 4, inFlight);
        for (int round = 1; round <= 3; round++) {
            run("round " + round + " java.net.http ", jdkPoster, body, posts, inFlight);
            run("round " + round + " HttpPostClient", leanPoster, body, posts, inFlight);
        }
        lean.close();
        sink.stop(0);
        System.exit(0);
    }

    private static void run(String name, Poster poster, byte[] body, int posts, int inFlight) throws Exception {
        Semaphore permits = new Semaphore(inFlight);
        long[] nanos = new long[posts];
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < posts; i++) {
                int ii = i;
                permits.acquire();
                ex.execute(() -> {
                    long s = System.nanoTime();
                    try {
                        if (poster.post(body) != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        nanos[ii] = System.nanoTime() - s;
                        permits.release();
                    }
                });
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(nanos);
        System.out.printf("%s: %,8.0f POSTs/s  p50 %6.2f ms  p99 %6.2f ms  failed %d%n", name, posts / secs,
                nanos[posts / 2] / 1e6, nanos[(int) (posts * 0.99)] / 1e6, failed.get());
    }
}
