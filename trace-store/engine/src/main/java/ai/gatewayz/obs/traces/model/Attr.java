package ai.gatewayz.obs.traces.model;

import java.util.List;
import java.util.Objects;

/** One OTLP {@code KeyValue}. */
public record Attr(String key, AttrValue value) {
    public Attr {
        Objects.requireNonNull(key);
        Objects.requireNonNull(value);
    }

    public static Attr of(String key, String value) {
        return new Attr(key, AttrValue.string(value));
    }

    public static Attr of(String key, long value) {
        return new Attr(key, AttrValue.integer(value));
    }

    /** The first value under {@code key}, or null. */
    public static AttrValue find(List<Attr> attrs, String key) {
        for (Attr a : attrs) {
            if (a.key.equals(key)) {
                return a.value;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
