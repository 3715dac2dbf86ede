package ai.gatewayz.obs.alerts.notify;

import ai.gatewayz.obs.gotemplate.alertmanager.Alerts;
import ai.gatewayz.obs.gotemplate.alertmanager.GoTime;
import ai.gatewayz.obs.gotemplate.alertmanager.KV;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alertmanager's template data ({@code template.Data}) for one notification. */
public final class TemplateData {
    private TemplateData() {
    }

    public static Map<String, Object> of(Notification n) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Receiver", n.receiver());
        d.put("Status", n.status());
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Notification.Item a : n.alerts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Status", a.status());
            m.put("Labels", new KV(a.labels().toMap()));
            m.put("Annotations", new KV(a.annotations()));
            m.put("StartsAt", new GoTime(a.startsAt()));
            m.put("EndsAt", new GoTime(a.endsAt()));
            m.put("GeneratorURL", a.generatorURL() == null ? "" : a.generatorURL());
            m.put("Fingerprint", a.fingerprint());
            alerts.add(m);
        }
        d.put("Alerts", new Alerts(alerts));
        d.put("GroupLabels", new KV(n.groupLabels().toMap()));
        d.put("CommonLabels", new KV(n.commonLabels().toMap()));
        d.put("CommonAnnotations", new KV(n.commonAnnotations()));
        d.put("ExternalURL", n.externalURL());
        return d;
    }
}
