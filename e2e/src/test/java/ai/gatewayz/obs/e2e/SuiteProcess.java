package ai.gatewayz.obs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./suite --no-build} run for a test class, on its own data directory and a port offset
 * no other running suite uses (so test classes may run side by side), with extra environment
 * (the run command's SUITE_* settings and the services' own variables). Not thread-safe.
 */
final class SuiteProcess implements AutoCloseable {
    private static final Path ROOT = Peers.sourceRoot();
    private static final int[] BASE_PORTS = {9090, 3100, 3200, 4040, 9093, 5050, 8000, 4317, 4318};

    private final Path data;
    private final int offset;
    private final Process process;
    private final Path output;
    private final List<ProcessHandle> children = new ArrayList<>();

    private SuiteProcess(Path data, int offset, Process process, Path output) {
        this.data = data;
        this.offset = offset;
        this.process = process;
        this.output = output;
    }

    /** Starts ./suite with {@code services} (names of {@link SuiteLayout}) and waits until it reports them ready. */
    static SuiteProcess start(Path data, List<String> services, Map<String, String> env) throws Exception {
        for (String s : services) {
            assertThat(ROOT.resolve(SuiteLayout.byName(s).jar())).as("service jar (built by `./mvnw verify` before this module)").isRegularFile();
        }
        int offset = freeOffset();
        Path output = data.resolve("suite.out");
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("suite").toString(), "--no-build")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AUTH_") || k.startsWith("SUITE_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SUITE_PORT_OFFSET", String.valueOf(offset));
        pb.environment().put("SUITE_DATA_DIR", data.toString());
        pb.environment().put("SUITE_READY_TIMEOUT", "300");
        pb.environment().put("SUITE_SERVICES", String.join(" ", services));
        pb.environment().putAll(env);
        SuiteProcess s = new SuiteProcess(data, offset, pb.start(), output);
        s.awaitReady();
        return s;
    }

    private void awaitReady() throws Exception {
        Path ready = data.resolve(".run/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(330);
        while (!Files.exists(ready)) {
            if (!process.isAlive()) {
                fail("./suite exited with " + process.exitValue() + ":\n" + Files.readString(output));
            }
            if (System.nanoTime() > deadline) {
                fail("./suite not ready in time:\n" + Files.readString(output));
            }
            Thread.sleep(250);
        }
        process.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).forEach(children::add);
    }

    /**
     * An offset that keeps every port below Linux's ephemeral range (32768+) and clear of the
     * offsets SuiteRunTest walks (multiples of 500), with every port free now.
     */
    private static int freeOffset() {
        Random r = new Random();
        for (int i = 0; i < 200; i++) {
            int off = 11_000 + 250 + 500 * r.nextInt(24);
            boolean free = true;
            for (int base : BASE_PORTS) {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + off), 1);
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return off;
            }
        }
        throw new IllegalStateException("no free port range for the suite");
    }

    int port(String service) {
        return SuiteLayout.byName(service).port() + offset;
    }

    String url(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    Path data() {
        return data;
    }

    /** The last lines of a service's log, for failure messages. */
    String log(String service, int lines) {
        try {
            List<String> all = Files.readAllLines(data.resolve(".run/logs/" + service + ".log"));
            return "== " + service + "\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "== " + service + ": no log (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the script stops its services, then exits
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle h : children) {
            h.destroyForcibly();
        }
    }
}
