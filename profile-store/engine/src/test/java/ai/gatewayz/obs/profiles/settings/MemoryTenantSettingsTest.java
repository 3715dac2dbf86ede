package ai.gatewayz.obs.profiles.settings;

class MemoryTenantSettingsTest extends TenantSettingsContractTest {
    @Override
    TenantSettings settings() {
        return new MemoryTenantSettings();
    }
}
