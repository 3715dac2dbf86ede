package ai.gatewayz.obs.gotemplate.alertmanager;

import ai.gatewayz.obs.gotemplate.TemplateValue;
import java.util.ArrayList;
import java.util.List;

/** Alertmanager's {@code template.Pairs}: a list of pairs with {@code Names} and {@code Values}. */
public final class Pairs extends ArrayList<Pair> implements TemplateValue {
    @Override
    public Object invoke(String name, List<Object> args) {
        if (!args.isEmpty()) {
            return NO_SUCH;
        }
        List<String> out = new ArrayList<>(size());
        switch (name) {
            case "Names" -> forEach(p -> out.add(p.name()));
            case "Values" -> forEach(p -> out.add(p.value()));
            default -> {
                return NO_SUCH;
            }
        }
        return out;
    }

    @Override
    public String goTypeName() {
        return "template.Pairs";
    }
}
