package ai.gatewayz.obs.gotemplate.alertmanager;

import ai.gatewayz.obs.gotemplate.TemplateValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's {@code template.Alerts}: the alerts of a notification (each a map with
 * {@code Status}, {@code Labels}, {@code Annotations}, {@code StartsAt}, ...) with {@code Firing} and
 * {@code Resolved}. Not modified after construction.
 */
public final class Alerts extends ArrayList<Map<String, Object>> implements TemplateValue {
    public Alerts(List<Map<String, Object>> items) {
        super(items);
    }

    private Alerts with(String status) {
        return new Alerts(stream().filter(a -> status.equals(a.get("Status"))).toList());
    }

    @Override
    public Object invoke(String name, List<Object> args) {
        if (!args.isEmpty()) {
            return NO_SUCH;
        }
        return switch (name) {
            case "Firing" -> with("firing");
            case "Resolved" -> with("resolved");
            default -> NO_SUCH;
        };
    }

    @Override
    public String goTypeName() {
        return "template.Alerts";
    }
}
