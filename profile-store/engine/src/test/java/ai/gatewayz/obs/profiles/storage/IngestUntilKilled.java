package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Child process of {@link KillNineTest}: appends profiles forever and prints {@code ack N} after
 * each append returned, running maintain() every 100 profiles, until it is killed.
 */
public final class IngestUntilKilled {
    private IngestUntilKilled() {
    }

    public static void main(String[] args) {
        long t0 = Long.parseLong(args[1]);
        // a fixed clock at the data's time keeps retention from expiring what the test checks
        Clock clock = Clock.fixed(java.time.Instant.ofEpochMilli(t0), java.time.ZoneOffset.UTC);
        DiskProfileStorage storage = DiskProfileStorage.open(Path.of(args[0]), StorageOptions.DEFAULTS, clock);
        PrintStream out = new PrintStream(System.out, false);
        for (int i = 0; ; i++) {
            Labels l = Labels.of("__name__", "process_cpu", "service_name", "svc" + (i % 3));
            storage.appender("t" + (i % 2)).append(List.of(new StackProfileBuilder()
                    .add(List.of("main", "work", "p" + i), 1).build(l, (t0 + i) * 1_000_000L, 0)));
            out.println("ack " + i);
            out.flush();
            if (i % 100 == 99) {
                storage.maintain();
            }
        }
    }
}
