package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Span;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The attributes every processor of a tenant reads, resolved once per span in one pass: each wanted
 * key gets a slot; {@link #resolve} fills the slots from the span's attributes (first occurrence)
 * and, for keys the span lacks, from its resource's, which are resolved once per resource object
 * (spans of one export share it). Replaces a scan per key and processor, which dominated the
 * generator's cost on the ingest path.
 *
 * <p>Not thread-safe: owned by one tenant generator; slots are valid until the next {@link #resolve}.
 */
final class SpanAttributes {
    private final Map<String, Integer> slots = new HashMap<>();
    private AttrValue[] values = new AttrValue[0];
    private AttrValue[] resourceValues = new AttrValue[0];
    private Resource lastResource;

    /** The slot of {@code key}, added if new; call before the first {@link #resolve}. */
    int slot(String key) {
        Integer s = slots.get(key);
        if (s == null) {
            s = slots.size();
            slots.put(key, s);
            values = new AttrValue[slots.size()];
            resourceValues = new AttrValue[slots.size()];
            lastResource = null;
        }
        return s;
    }

    void resolve(Span s) {
        if (s.resource() != lastResource) {
            Arrays.fill(resourceValues, null);
            fill(s.resource().attributes(), resourceValues);
            lastResource = s.resource();
        }
        Arrays.fill(values, null);
        fill(s.attributes(), values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                values[i] = resourceValues[i];
            }
        }
    }

    private void fill(java.util.List<Attr> attrs, AttrValue[] into) {
        for (int i = 0, n = attrs.size(); i < n; i++) {
            Attr a = attrs.get(i);
            Integer slot = slots.get(a.key());
            if (slot != null && into[slot] == null) {
                into[slot] = a.value();
            }
        }
    }

    /** The span's (else its resource's) value in {@code slot}, or null. */
    AttrValue value(int slot) {
        return values[slot];
    }

    /** The value as label text, or null when absent. */
    String text(int slot) {
        return SpanValues.text(values[slot]);
    }
}
