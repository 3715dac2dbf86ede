package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;

class MemoryProfileStorageTest extends ProfileStorageContractTest {
    @Override
    ProfileStorage open(Path dir, TestClock clock, StorageOptions options) {
        return new MemoryProfileStorage(options, clock);
    }

    @Override
    ProfileStorage reopen(ProfileStorage current, Path dir, TestClock clock, StorageOptions options) {
        return current;
    }
}
