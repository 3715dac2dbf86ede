package ai.gatewayz.obs.profiles.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DiskProfileStorageTest extends ProfileStorageContractTest {
    @Override
    ProfileStorage open(Path dir, TestClock clock, StorageOptions options) {
        return DiskProfileStorage.open(dir, options, clock);
    }

    @Override
    ProfileStorage reopen(ProfileStorage current, Path dir, TestClock clock, StorageOptions options) {
        current.close();
        return DiskProfileStorage.open(dir, options, clock);
    }

    @Test
    void maintainWritesBlocksAndTrimsTheWal() throws Exception {
        storage.appender("t").append(List.of(profile(series("api"), T0, "main;a", 3)));
        storage.maintain();
        try (Stream<Path> s = Files.walk(dir.resolve("blocks"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".block")).count()).isEqualTo(1);
        }
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("00000002", "checkpoint.00000002");
        }
    }

    @Test
    void aTornWalTailLosesOnlyTheTornRecord() throws Exception {
        storage.appender("t").append(List.of(profile(series("api"), T0, "main;a", 3)));
        storage.appender("t").append(List.of(profile(series("api"), T0, "main;b", 4)));
        storage.close();
        Path seg = dir.resolve("wal").resolve("00000001");
        byte[] b = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(b, b.length - 3));
        storage = DiskProfileStorage.open(dir, StorageOptions.DEFAULTS, clock);
        assertThat(folded("t", List.of(), T0, T0)).containsOnlyKeys("main;a");
    }
}
