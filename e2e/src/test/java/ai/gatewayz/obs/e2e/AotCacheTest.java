package ai.gatewayz.obs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.gatewayz.obs.testkit.FreePorts;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache used by the image and by {@code ./suite --aot}: {@code deploy/aot-cache.sh}
 * trains a JDK ahead-of-time cache for a service jar, and {@code deploy/docker/start.sh} starts the
 * service from it. {@code -XX:AOTMode=on} makes the JVM refuse to start unless it really maps the
 * cache, so a ready service proves the cache is used; the same cache under other GC options is
 * refused, which proves the check is not vacuous. Start-up times go to
 * {@code target/aot-cache-report.txt} (a measurement, not an assertion).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AotCacheTest {
    private static final Path ROOT = Peers.sourceRoot();
    private static final String SERVICE = "alert-router";
    private static final String JVM_OPTIONS = "-Xss512k -XX:+UseSerialGC -XX:+UseCompactObjectHeaders";

    @TempDir
    static Path app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @BeforeAll
    void train() throws Exception {
        Path jar = ROOT.resolve(SuiteLayout.byName(SERVICE).jar());
        assertThat(jar).as("service jar (built by `./mvnw verify` before this module)").isRegularFile();
        Files.copy(jar, app.resolve(SERVICE + ".jar"));
        Path out = app.resolve(SERVICE);
        ProcessBuilder pb = new ProcessBuilder(
                ROOT.resolve("deploy/aot-cache.sh").toString(), app.resolve(SERVICE + ".jar").toString(), out.toString(),
                "-Xss512k", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders")
                .redirectErrorStream(true)
                .redirectOutput(app.resolve("training.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("aot-cache.sh did not finish in 240 s");
        }
        assertThat(p.exitValue()).as(Files.readString(app.resolve("training.out"))).isZero();
        assertThat(Files.readString(app.resolve("training.out")).strip()).isEqualTo(out.resolve("app.aot").toString());
        assertThat(out.resolve("app.aot")).isNotEmptyFile();
        assertThat(out.resolve(SERVICE + ".jar")).isRegularFile();
        assertThat(out.resolve("lib")).isDirectory();
    }

    @Test
    void startScriptStartsTheServiceFromTheCache() throws Exception {
        long withCache = startUntilReady(JVM_OPTIONS + " -XX:AOTMode=on", true);
        // Same service without the cache, for the report only.
        long withoutCache = startUntilReady(JVM_OPTIONS, false);
        Files.writeString(ROOT.resolve("e2e/target/aot-cache-report.txt"),
                SERVICE + " start to ready: with AOT cache " + withCache + " ms, without " + withoutCache + " ms\n",
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Test
    void aCacheTrainedWithOtherJvmOptionsIsRefusedNotMisused() throws Exception {
        Process p = startScript("-XX:+UseParallelGC -XX:-UseCompactObjectHeaders -XX:AOTMode=on", true, FreePorts.next());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the JVM should refuse the mismatched cache and exit").isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(app.resolve("start.out"))).containsIgnoringCase("AOT");
    }

    private long startUntilReady(String jvmOptions, boolean withCache) throws Exception {
        int port = FreePorts.next();
        long t0 = System.nanoTime();
        Process p = startScript(jvmOptions, withCache, port);
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (!ready(port)) {
                if (!p.isAlive()) {
                    fail("service exited with " + p.exitValue() + ":\n" + Files.readString(app.resolve("start.out")));
                }
                if (System.nanoTime() > deadline) {
                    fail("service not ready in 120 s:\n" + Files.readString(app.resolve("start.out")));
                }
                Thread.sleep(50);
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** Runs start.sh as the image does, with {@code app} standing in for /app. */
    private Process startScript(String jvmOptions, boolean withCache, int port) throws IOException {
        Path cacheFile = app.resolve(SERVICE).resolve("app.aot");
        Path parked = app.resolve("app.aot.parked");
        if (!withCache && Files.exists(cacheFile)) {
            Files.move(cacheFile, parked);
        } else if (withCache && Files.exists(parked)) {
            Files.move(parked, cacheFile);
        }
        Path data = Files.createTempDirectory(app, "data");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("deploy/docker/start.sh").toString(), SERVICE)
                .redirectErrorStream(true)
                .redirectOutput(app.resolve("start.out").toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("APP_DIR", app.toString());
        env.put("JAVA_TOOL_OPTIONS", jvmOptions);
        env.put("PORT", String.valueOf(port));
        env.put("DATA_DIR", data.toString());
        env.put("CONFIG_FILE", ROOT.resolve("deploy/alertmanager/alertmanager-local.yml").toString());
        return pb.start();
    }

    private boolean ready(int port) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
