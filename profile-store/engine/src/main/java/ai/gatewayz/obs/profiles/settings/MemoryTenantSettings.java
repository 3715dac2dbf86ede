package ai.gatewayz.obs.profiles.settings;

import ai.gatewayz.obs.proto.pyroscope.SettingsV1;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Settings in the heap, lost at exit: for tests and {@code profiles.storage.engine=memory}. Thread-safe. */
public final class MemoryTenantSettings implements TenantSettings {
    private final Map<String, TreeMap<String, SettingsV1.Setting>> byTenant = new ConcurrentHashMap<>();

    @Override
    public List<SettingsV1.Setting> get(String tenant) {
        TreeMap<String, SettingsV1.Setting> m = byTenant.get(tenant);
        if (m == null) {
            return new ArrayList<>();
        }
        synchronized (m) {
            return new ArrayList<>(m.values());
        }
    }

    @Override
    public SettingsV1.Setting set(String tenant, SettingsV1.Setting setting) {
        TreeMap<String, SettingsV1.Setting> m = byTenant.computeIfAbsent(tenant, t -> new TreeMap<>());
        synchronized (m) {
            m.put(setting.getName(), setting);
        }
        return setting;
    }
}
