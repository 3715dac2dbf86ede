package ai.gatewayz.obs.gotemplate.alertmanager;

import ai.gatewayz.obs.gotemplate.TemplateValue;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alertmanager's {@code template.KV}: a label or annotation set that is a map (index, range, len,
 * missing keys read as "") with the methods {@code SortedPairs}, {@code Names}, {@code Values} and
 * {@code Remove}. Immutable.
 */
public final class KV extends AbstractMap<String, String> implements TemplateValue {
    private final TreeMap<String, String> map;

    public KV(Map<String, String> m) {
        this.map = new TreeMap<>(m);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return java.util.Collections.unmodifiableMap(map).entrySet();
    }

    public Pairs sortedPairs() {
        Pairs out = new Pairs();
        map.forEach((k, v) -> out.add(new Pair(k, v)));
        return out;
    }

    public KV remove(List<?> names) {
        Map<String, String> m = new LinkedHashMap<>(map);
        names.forEach(n -> m.remove(String.valueOf(n)));
        return new KV(m);
    }

    @Override
    public Object invoke(String name, List<Object> args) {
        if (name.equals("Remove") && args.size() == 1 && args.getFirst() instanceof List<?> l) {
            return remove(l);
        }
        if (!args.isEmpty()) {
            return NO_SUCH;
        }
        return switch (name) {
            case "SortedPairs" -> sortedPairs();
            case "Names" -> new ArrayList<>(map.keySet());
            case "Values" -> new ArrayList<>(map.values());
            default -> NO_SUCH;
        };
    }

    @Override
    public String goTypeName() {
        return "template.KV";
    }

    @Override
    public String sprint() {
        return ai.gatewayz.obs.gotemplate.GoFormat.sprint(map);
    }
}
