package ai.gatewayz.obs.logs.storage.disk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process is killed with SIGKILL during sustained pushes (with flushes racing the kill);
 * after reopening, every entry of every acknowledged push is there, and no push is torn.
 */
class KillNineTest {
    static final Labels API = Labels.of("app", "api", "env", "prod");
    static final Labels DB = Labels.of("app", "db", "env", "prod");
    private static final int KILL_AFTER = 1500;

    @TempDir
    Path dir;

    @Test
    void nothingAcknowledgedIsLost() throws Exception {
        long nowMillis = System.currentTimeMillis();
        long t0 = nowMillis * 1_000_000L;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                KillNineWriter.class.getName(), dir.toString(), Long.toString(t0)).redirectErrorStream(true).start();
        int lastAck = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    lastAck = Integer.parseInt(line.substring(4));
                    if (lastAck == KILL_AFTER) {
                        p.toHandle().destroyForcibly(); // SIGKILL on Linux; keeps our end of the pipe open
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastAck).as("acknowledged pushes").isGreaterThanOrEqualTo(KILL_AFTER);

        DiskLogStorage storage = DiskLogStorage.open("t", dir, DiskStorageOptions.defaults(), TestClock.atMillis(nowMillis));
        try {
            assertThat(storage.recovery().corruptRecords()).isZero();
            Map<Long, Integer> perPush = new HashMap<>();
            try (LogQuerier q = storage.querier()) {
                StreamSet set = q.select(List.of(LabelMatcher.eq("env", "prod")),
                        new SelectHints(Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD, List.of()));
                while (set.next()) {
                    EntryIterator it = set.entries();
                    while (it.next()) {
                        perPush.merge(it.timestampNanos() - t0, 1, Integer::sum);
                    }
                }
            }
            for (long i = 0; i <= lastAck; i++) {
                assertThat(perPush.get(i)).as("entries of acknowledged push %d", i).isEqualTo(3);
            }
            // A push the writer made but was killed before acknowledging may be there, but only whole.
            perPush.forEach((i, n) -> assertThat(n).as("entries of push %d", i).isEqualTo(3));
        } finally {
            storage.close();
        }
    }
}
