package ai.gatewayz.obs.metrics.server.crash;

import ai.gatewayz.obs.metrics.server.MetricsStoreApplication;
import ai.gatewayz.obs.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metrics-store server in a child JVM started from the test classpath (so it runs under plain
 * {@code ./mvnw verify} without a packaged jar), which a test can {@code kill -9}.
 */
final class ChildServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    final long readyMillis;

    private ChildServer(Process process, int port, Path log, long readyMillis) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.readyMillis = readyMillis;
    }

    static ChildServer start(Path dataDir, Path log, Map<String, String> env) {
        int port = FreePorts.next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), MetricsStoreApplication.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("DATA_DIR", dataDir.toString());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        try {
            Process p = pb.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("server exited with " + p.exitValue() + ":\n" + tail(log));
                }
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return new ChildServer(p, port, log, (System.nanoTime() - start) / 1_000_000);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            p.destroyForcibly();
            throw new IllegalStateException("server not ready after 90s:\n" + tail(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hooks, no checkpoint, nothing flushed beyond what commit wrote. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
