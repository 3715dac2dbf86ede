package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.traces.storage.TestSpans;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Child process of {@link KillNineTest}: appends traces forever, printing each acknowledged one. */
public final class KillNineWriter {
    private KillNineWriter() {
    }

    public static void main(String[] args) {
        DiskTraceStorage storage = DiskTraceStorage.open(DiskOptions.defaults(Path.of(args[0])), Clock.systemUTC());
        for (int i = 0; ; i++) {
            storage.append("t1", List.of(TestSpans.span(i, 1, 0, "root", 1_700_000_000_000_000_000L + i, 10),
                    TestSpans.rich(i, 2, 1_700_000_000_000_000_000L + i)));
            System.out.println("ack " + i);
            System.out.flush();
            if (i % 100 == 0) {
                storage.maintain(); // also exercise block cuts racing the kill
            }
        }
    }
}
