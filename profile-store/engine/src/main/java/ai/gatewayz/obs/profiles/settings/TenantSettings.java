package ai.gatewayz.obs.profiles.settings;

import ai.gatewayz.obs.proto.pyroscope.SettingsV1;
import java.util.List;

/**
 * Per-tenant key/value settings behind {@code settings.v1.SettingsService} (Profiles Drilldown keeps
 * its {@code pluginSettings} JSON there). {@link #set} replaces the setting of that name and is
 * durable when it returns, as far as the implementation promises ({@link FileTenantSettings}
 * survives restarts and kills; {@link MemoryTenantSettings} does not).
 *
 * <p>Thread-safe. Callers own the returned lists (copies).
 */
public interface TenantSettings {
    /** The tenant's settings sorted by name. */
    List<SettingsV1.Setting> get(String tenant);

    /** Stores {@code setting} (its {@code modifiedAt} as given) for the tenant and returns it. */
    SettingsV1.Setting set(String tenant, SettingsV1.Setting setting);
}
