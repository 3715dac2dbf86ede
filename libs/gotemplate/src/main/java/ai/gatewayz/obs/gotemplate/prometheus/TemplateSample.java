package ai.gatewayz.obs.gotemplate.prometheus;

import ai.gatewayz.obs.gotemplate.GoFormat;
import ai.gatewayz.obs.gotemplate.TemplateValue;
import java.util.List;
import java.util.Map;

/** One element of a {@code query} result inside a template: {@code .Labels} and {@code .Value}. Immutable. */
public record TemplateSample(Map<String, String> labels, double value) implements TemplateValue {
    @Override
    public Object invoke(String name, List<Object> args) {
        if (!args.isEmpty()) {
            return NO_SUCH;
        }
        return switch (name) {
            case "Labels" -> labels;
            case "Value" -> value;
            default -> NO_SUCH;
        };
    }

    @Override
    public String goTypeName() {
        return "*template.sample";
    }

    @Override
    public String sprint() {
        return "{" + GoFormat.sprint(labels) + " " + GoFormat.sprint(value) + "}";
    }
}
