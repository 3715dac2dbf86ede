package ai.gatewayz.obs.profiles.settings;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.proto.pyroscope.SettingsV1;
import org.junit.jupiter.api.Test;

/** The contract every {@link TenantSettings} implementation passes. */
abstract class TenantSettingsContractTest {
    abstract TenantSettings settings();

    static SettingsV1.Setting setting(String name, String value, long modifiedAt) {
        return SettingsV1.Setting.newBuilder().setName(name).setValue(value).setModifiedAt(modifiedAt).build();
    }

    @Test
    void unknownTenantHasNoSettings() {
        assertThat(settings().get("nobody")).isEmpty();
    }

    @Test
    void setReplacesByNameAndGetSortsByName() {
        TenantSettings s = settings();
        s.set("t", setting("pluginSettings", "{\"maxNodes\":8192}", 1));
        s.set("t", setting("alpha", "x", 2));
        s.set("t", setting("pluginSettings", "{\"maxNodes\":16384}", 3));
        assertThat(s.get("t")).containsExactly(setting("alpha", "x", 2), setting("pluginSettings", "{\"maxNodes\":16384}", 3));
    }

    @Test
    void tenantsAreIsolated() {
        TenantSettings s = settings();
        s.set("a", setting("k", "1", 1));
        s.set("b", setting("k", "2", 1));
        assertThat(s.get("a")).containsExactly(setting("k", "1", 1));
        assertThat(s.get("b")).containsExactly(setting("k", "2", 1));
    }

    @Test
    void returnedListsAreCopies() {
        TenantSettings s = settings();
        s.set("t", setting("k", "1", 1));
        s.get("t").clear();
        assertThat(s.get("t")).hasSize(1);
    }
}
