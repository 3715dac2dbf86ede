package ai.gatewayz.obs.testkit;

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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real peer (Debian's prometheus, prometheus-alertmanager, ...) started on a free loopback port
 * in its own temporary directory, killed and cleaned up on {@link #close()}. Not thread-safe:
 * one test owns one peer.
 */
public final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final Path workDir;
    private final int port;
    private final Path log;

    private PeerProcess(Process process, Path workDir, int port, Path log) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Debian's Prometheus with {@code configYaml} as its configuration and the remote
     * write receiver and lifecycle API on.
     */
    public static PeerProcess prometheus(String configYaml, String... extraArgs) {
        Path bin = Peers.binary("prometheus");
        return start(bin, configYaml, "prometheus.yml", "/-/ready", (dir, port) -> {
            List<String> cmd = new ArrayList<>(List.of(bin.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--web.enable-remote-write-receiver",
                    "--web.enable-lifecycle"));
            cmd.addAll(List.of(extraArgs));
            return cmd;
        });
    }

    /** Starts Debian's Alertmanager with {@code configYaml}, clustering off. */
    public static PeerProcess alertmanager(String configYaml, String... extraArgs) {
        Path bin = Peers.binary("prometheus-alertmanager");
        return start(bin, configYaml, "alertmanager.yml", "/-/ready", (dir, port) -> {
            List<String> cmd = new ArrayList<>(List.of(bin.toString(),
                    "--config.file=" + dir.resolve("alertmanager.yml"),
                    "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address="));
            cmd.addAll(List.of(extraArgs));
            return cmd;
        });
    }

    /** Builds the command line of a peer from its work directory and port. */
    @FunctionalInterface
    public interface CommandLine {
        List<String> build(Path workDir, int port);
    }

    /** Starts any peer: writes the config file, launches, and waits until {@code readyPath} answers 200. */
    public static PeerProcess start(Path binary, String config, String configName, String readyPath, CommandLine cmd) {
        try {
            Path dir = Files.createTempDirectory("peer-" + binary.getFileName());
            Files.writeString(dir.resolve(configName), config);
            int port = FreePorts.next();
            Path log = dir.resolve("peer.log");
            Process p = new ProcessBuilder(cmd.build(dir, port))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PeerProcess peer = new PeerProcess(p, dir, port, log);
            peer.awaitReady(readyPath, Duration.ofSeconds(60));
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(String path, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("peer exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("peer not ready after " + timeout + ":\n" + logTail());
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path workDir() {
        return workDir;
    }

    /** The last lines the peer printed, for assertion messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the directory is under the system temp dir
        }
    }
}
