package ai.gatewayz.obs.gotemplate.alertmanager;

import ai.gatewayz.obs.gotemplate.TemplateValue;
import java.util.List;

/** Alertmanager's {@code template.Pair}: one label name and value. Immutable. */
public record Pair(String name, String value) implements TemplateValue {
    @Override
    public Object invoke(String n, List<Object> args) {
        if (!args.isEmpty()) {
            return NO_SUCH;
        }
        return switch (n) {
            case "Name" -> name;
            case "Value" -> value;
            default -> NO_SUCH;
        };
    }

    @Override
    public String goTypeName() {
        return "template.Pair";
    }

    /** Go prints a struct as {@code {field field}}. */
    @Override
    public String sprint() {
        return "{" + name + " " + value + "}";
    }
}
