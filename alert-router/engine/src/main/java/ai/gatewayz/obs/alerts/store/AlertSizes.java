package ai.gatewayz.obs.alerts.store;

import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.Utf8;
import java.util.Map;

/** The size an alert is charged against the store's {@link Capacity}: UTF-8 bytes of its texts. */
public final class AlertSizes {
    private AlertSizes() {
    }

    public static long of(Alert a) {
        return labels(a.labels()) + annotations(a.annotations()) + utf8(a.generatorURL());
    }

    public static long labels(Labels l) {
        long n = 0;
        for (int i = 0; i < l.size(); i++) {
            n += utf8(l.name(i)) + utf8(l.value(i));
        }
        return n;
    }

    public static long annotations(Map<String, String> m) {
        long n = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            n += utf8(e.getKey()) + utf8(e.getValue());
        }
        return n;
    }

    /** UTF-8 length without encoding the string. */
    public static long utf8(String s) {
        if (s == null) {
            return 0;
        }
        return Utf8.length(s);
    }
}
