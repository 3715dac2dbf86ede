package ai.gatewayz.obs.profiles.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTenantSettingsTest extends TenantSettingsContractTest {
    @TempDir
    Path dir;

    @Override
    TenantSettings settings() {
        return new FileTenantSettings(dir);
    }

    @Test
    void survivesReopening() {
        new FileTenantSettings(dir).set("t", setting("pluginSettings", "{\"maxNodes\":8192}", 1_700_000_000_000L));
        assertThat(new FileTenantSettings(dir).get("t")).containsExactly(setting("pluginSettings", "{\"maxNodes\":8192}", 1_700_000_000_000L));
    }

    @Test
    void fileIsProtoJsonNamedByTheTenantInHex() throws Exception {
        new FileTenantSettings(dir).set("a/b", setting("k", "v", 5));
        assertThat(Files.readString(dir.resolve("612f62.json"))).isEqualTo("""
                {
                  "settings": [{
                    "name": "k",
                    "value": "v",
                    "modifiedAt": "5"
                  }]
                }
                """);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("612f62.json");
        }
    }

    @Test
    void aLeftoverTemporaryFileFromAKillIsIgnoredAndReplaced() throws Exception {
        new FileTenantSettings(dir).set("t", setting("k", "old", 1));
        Files.writeString(dir.resolve("74.json.tmp"), "{\"settings\":[{\"na");
        TenantSettings reopened = new FileTenantSettings(dir);
        assertThat(reopened.get("t")).containsExactly(setting("k", "old", 1));
        reopened.set("t", setting("k", "new", 2));
        assertThat(new FileTenantSettings(dir).get("t")).containsExactly(setting("k", "new", 2));
        assertThat(Files.exists(dir.resolve("74.json.tmp"))).isFalse();
    }
}
