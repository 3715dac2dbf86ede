package ai.gatewayz.obs.logs.server;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.util.ArrayList;
import java.util.List;

/** Reads what a tenant's storage holds through the storage seam, for push tests that must not depend on LogQL. */
public final class StoredLogs {
    private StoredLogs() {
    }

    public record Row(Labels stream, long ts, String line, Labels md) {
    }

    public static List<Row> all(TenantLogStorages storages, String tenant) {
        List<Row> out = new ArrayList<>();
        try (LogQuerier q = storages.forTenant(tenant).querier()) {
            StreamSet s = q.select(List.of(), SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD));
            while (s.next()) {
                EntryIterator it = s.entries();
                while (it.next()) {
                    out.add(new Row(s.labels(), it.timestampNanos(), it.line(), it.metadata()));
                }
            }
        }
        return out;
    }
}
