package ai.gatewayz.obs.alerts.config;

import ai.gatewayz.obs.common.Durations;
import ai.gatewayz.obs.common.SuiteException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping read strictly, the way Go's {@code yaml.UnmarshalStrict} reads Alertmanager's
 * config: every key must be consumed, an unknown one fails with
 * {@code field X not found in type T}. Not thread-safe; one instance per mapping.
 */
final class YamlNode {
    private final Map<String, Object> map;
    private final String type;
    private final String path;
    private final Set<String> seen = new HashSet<>();
    private boolean lenient;

    private YamlNode(Map<String, Object> map, String type, String path) {
        this.map = map;
        this.type = type;
        this.path = path;
    }

    @SuppressWarnings("unchecked")
    static YamlNode of(Object o, String type, String path) {
        if (o == null) {
            return new YamlNode(Map.of(), type, path);
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new ConfigException("yaml: unmarshal errors: cannot unmarshal " + describe(o) + " into " + type
                    + ".plain [path=" + path + "]");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            copy.put(String.valueOf(e.getKey()), e.getValue());
        }
        return new YamlNode(copy, type, path);
    }

    private static String describe(Object o) {
        if (o instanceof String s) {
            return "!!str `" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "`";
        }
        if (o instanceof List<?>) {
            return "!!seq";
        }
        return "!!" + o.getClass().getSimpleName().toLowerCase();
    }

    /** Accept any keys (for integrations the router only validates, never delivers to). */
    YamlNode lenient() {
        lenient = true;
        return this;
    }

    Set<String> keys() {
        return map.keySet();
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        seen.add(key);
        return map.containsKey(key) && map.get(key) != null;
    }

    Object raw(String key) {
        seen.add(key);
        return map.get(key);
    }

    String str(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw new ConfigException("yaml: cannot unmarshal " + describe(v) + " into string [field=" + path + "." + key + "]");
        }
        return String.valueOf(v);
    }

    String str(String key, String dflt) {
        String s = str(key);
        return s == null ? dflt : s;
    }

    /** A non-empty string, else null (Alertmanager treats empty secrets like absent ones). */
    String nonEmpty(String key) {
        String s = str(key);
        return s == null || s.isEmpty() ? null : s;
    }

    Boolean bool(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new ConfigException("yaml: cannot unmarshal " + describe(v) + " into bool [field=" + path + "." + key + "]");
    }

    boolean bool(String key, boolean dflt) {
        Boolean b = bool(key);
        return b == null ? dflt : b;
    }

    Long duration(String key) {
        String s = str(key);
        if (s == null) {
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (SuiteException e) {
            throw new ConfigException("not a valid duration string: \"" + s + "\" [field=" + path + "." + key + "]");
        }
    }

    List<Object> list(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new ConfigException("yaml: cannot unmarshal " + describe(v) + " into a list [field=" + path + "." + key + "]");
        }
        return new ArrayList<>(l);
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(key)) {
            if (o instanceof Map<?, ?> || o instanceof List<?>) {
                throw new ConfigException("yaml: cannot unmarshal " + describe(o) + " into string [field=" + path + "." + key + "]");
            }
            out.add(o == null ? "" : String.valueOf(o));
        }
        return out;
    }

    /** A string-to-string map; null values are kept as null so callers can report them. */
    Map<String, String> stringMap(String key) {
        Object v = raw(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException("yaml: cannot unmarshal " + describe(v) + " into a map [field=" + path + "." + key + "]");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        return out;
    }

    YamlNode child(String key, String childType) {
        return of(raw(key), childType, path + "." + key);
    }

    /** Fails on any key that no getter asked for. */
    void finish() {
        if (lenient) {
            return;
        }
        for (String k : map.keySet()) {
            if (!seen.contains(k)) {
                throw new ConfigException("yaml: unmarshal errors: field " + k + " not found in type " + type + ".plain [path=" + path + "]");
            }
        }
    }
}
