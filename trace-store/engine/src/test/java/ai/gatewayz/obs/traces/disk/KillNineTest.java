package ai.gatewayz.obs.traces.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.storage.TestSpans;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer process is killed with SIGKILL mid-stream; every span it acknowledged is found after reopening. */
class KillNineTest {
    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLost() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                KillNineWriter.class.getName(), dir.toString()).redirectErrorStream(true).start();
        int lastAck = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    lastAck = Integer.parseInt(line.substring(4));
                    if (lastAck == 1500) {
                        p.toHandle().destroyForcibly(); // SIGKILL on Linux; keeps our end of the pipe open
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(lastAck >= 1500, "writer acknowledged " + lastAck);
        DiskTraceStorage storage = DiskTraceStorage.open(DiskOptions.defaults(dir), TestClock.at(Instant.now()));
        try {
            for (int i = 0; i <= lastAck; i++) {
                assertEquals(2, storage.trace("t1", TestSpans.trace(i), 0, Long.MAX_VALUE).size(), "trace " + i);
            }
        } finally {
            storage.close();
        }
    }
}
