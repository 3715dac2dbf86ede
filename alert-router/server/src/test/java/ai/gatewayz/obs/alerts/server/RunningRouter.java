package ai.gatewayz.obs.alerts.server;

import ai.gatewayz.obs.http.SuiteApplication;
import ai.gatewayz.obs.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** The real alert-router application on a free port with a config file and data directory. */
final class RunningRouter implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final int port;
    final Path configFile;
    final Path dataDir;
    private final ConfigurableApplicationContext ctx;

    private final Clock clock;

    private RunningRouter(int port, Path configFile, Path dataDir, ConfigurableApplicationContext ctx, Clock clock) {
        this.clock = clock;
        this.port = port;
        this.configFile = configFile;
        this.dataDir = dataDir;
        this.ctx = ctx;
    }

    private static RunningRouter shared;

    /**
     * One router per test JVM with {@link AlertsApiTest#CONFIG}, shared by the API, amtool and
     * Prometheus tests to save start-up time (each test uses its own alert names). Closed at exit.
     */
    static synchronized RunningRouter shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("alert-router-shared");
                shared = start(dir, AlertsApiTest.CONFIG);
                RunningRouter r = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(r::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A router with extra command-line settings (e.g. {@code --alerts.limits.max-alerts=5}). */
    static RunningRouter start(Path dir, String config, String... extraArgs) {
        try {
            Path cfg = dir.resolve("alertmanager.yml");
            Files.writeString(cfg, config);
            return start(cfg, dir.resolve("data"), FreePorts.next(), extraArgs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A router whose engine reads {@code clock}: tests advance it and call the dispatcher's runDue(). */
    static RunningRouter startVirtual(Path dir, String config, Clock clock) {
        try {
            Path cfg = dir.resolve("alertmanager.yml");
            Files.writeString(cfg, config);
            return start(cfg, dir.resolve("data"), FreePorts.next(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunningRouter start(Path configFile, Path dataDir, int port, String... extraArgs) {
        return start(configFile, dataDir, port, (Clock) null, extraArgs);
    }

    private static RunningRouter start(Path configFile, Path dataDir, int port, Clock clock, String... extraArgs) {
        String[] base = {"--server.port=" + port, "--suite.data-dir=" + dataDir, "--config.file=" + configFile,
            "--alerts.external-url=http://alert-router.test:9093", "--logging.level.root=WARN"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extraArgs.length);
        System.arraycopy(extraArgs, 0, args, base.length, extraArgs.length);
        ApplicationContextInitializer<ConfigurableApplicationContext> withClock =
                c -> c.getBeanFactory().registerSingleton("virtualClock", clock);
        ConfigurableApplicationContext ctx = clock == null
                ? SuiteApplication.run(AlertRouterApplication.class, AlertRouterApplication.NAME, AlertRouterApplication.DEFAULT_PORT, args)
                : SuiteApplication.run(AlertRouterApplication.class, AlertRouterApplication.NAME, AlertRouterApplication.DEFAULT_PORT, args,
                        withClock);
        return new RunningRouter(port, configFile, dataDir, ctx, clock);
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    /** Stops and starts again on the same port, data and (virtual or system) clock. */
    RunningRouter restart() {
        close();
        return start(configFile, dataDir, port, clock);
    }

    /** Runs the dispatcher's due work now, on the caller's thread (for virtual-time tests). */
    void runDue() {
        bean(ai.gatewayz.obs.alerts.AlertRouter.class).dispatcher().runDue();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    <T> T bean(Class<T> type) {
        return ctx.getBean(type);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).DELETE().build());
    }

    HttpResponse<String> head(String path) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ctx.close();
    }
}
