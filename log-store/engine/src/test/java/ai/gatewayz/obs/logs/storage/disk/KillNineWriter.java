package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Child process of {@link KillNineTest}: pushes forever (three entries over two streams per push),
 * printing the number of each acknowledged push; flushes and compacts now and then so block
 * writes race the kill.
 */
public final class KillNineWriter {
    private KillNineWriter() {
    }

    public static void main(String[] args) {
        long t0 = Long.parseLong(args[1]);
        DiskLogStorage storage = DiskLogStorage.open("t", Path.of(args[0]), DiskStorageOptions.defaults().withChunkTargetBytes(4096),
                Clock.systemUTC());
        for (int i = 0; ; i++) {
            LogAppender a = storage.appender();
            a.append(KillNineTest.API, new LogEntry(t0 + i, "GET /orders/" + i + " 200", Labels.of("trace_id", "t" + i)));
            a.append(KillNineTest.API, new LogEntry(t0 + i, "second line of push " + i, Labels.EMPTY));
            a.append(KillNineTest.DB, LogEntry.of(t0 + i, "level=info push=" + i));
            a.commit();
            System.out.println("ack " + i);
            System.out.flush();
            if (i % 250 == 0) {
                storage.flush();
                storage.maintain();
            }
        }
    }
}
