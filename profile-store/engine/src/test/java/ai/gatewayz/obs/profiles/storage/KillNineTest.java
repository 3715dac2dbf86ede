package ai.gatewayz.obs.profiles.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.profiles.query.FoldedStacks;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 during sustained ingest loses no acknowledged profile. */
class KillNineTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedProfileSurvivesSigkill() throws Exception {
        long t0 = 1_700_000_000_000L;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                IngestUntilKilled.class.getName(), dir.toString(), Long.toString(t0))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastAck = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lastAck = Integer.parseInt(line.substring(4));
                if (lastAck >= 750) {
                    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lastAck).isGreaterThanOrEqualTo(750);
        try (DiskProfileStorage s = DiskProfileStorage.open(dir, StorageOptions.DEFAULTS, TestClock.atMillis(t0))) {
            FoldedStacks f = new FoldedStacks();
            s.querier("t0").select(List.of(), t0, t0 + 100_000, f);
            s.querier("t1").select(List.of(), t0, t0 + 100_000, f);
            for (int i = 0; i <= lastAck; i++) {
                assertThat(f.stacks()).as("profile %d was acknowledged", i).containsEntry("main;work;p" + i, 1L);
            }
        }
    }
}
